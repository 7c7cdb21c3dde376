import { z } from 'zod';

/** A tool of the demo: the same definition is given to LangChain and to the AI SDK. */
export interface DemoTool<SCHEMA extends z.ZodType> {
  name: string;
  description: string;
  schema: SCHEMA;
  run(input: z.infer<SCHEMA>): unknown;
}

const WEATHER: Record<string, { celsius: number; conditions: string }> = {
  moscow: { celsius: -4, conditions: 'light snow' },
  kazan: { celsius: -7, conditions: 'clear' },
  'saint petersburg': { celsius: 1, conditions: 'drizzle' },
};

const weatherSchema = z.object({ city: z.string().describe('City name, e.g. Kazan') });
const convertSchema = z.object({
  celsius: z.number().describe('Temperature in degrees Celsius'),
});

/** The first tool of the agent and tool-loop steps: local, deterministic data (no network). */
export const weatherTool = {
  name: 'get_weather',
  description: 'Current weather in a city: temperature in °C and conditions.',
  schema: weatherSchema,
  run: ({ city }: z.infer<typeof weatherSchema>) => {
    const known = WEATHER[city.trim().toLowerCase()] ?? { celsius: 12, conditions: 'cloudy' };
    return { city, ...known };
  },
} satisfies DemoTool<typeof weatherSchema>;

/** The second tool: it needs the temperature the first one returned. */
export const fahrenheitTool = {
  name: 'celsius_to_fahrenheit',
  description: 'Converts a temperature from °C to °F.',
  schema: convertSchema,
  run: ({ celsius }: z.infer<typeof convertSchema>) => ({
    celsius,
    fahrenheit: Math.round((celsius * 9) / 5 + 32),
  }),
} satisfies DemoTool<typeof convertSchema>;

/**
 * The prompt of both tool steps. It needs two tool steps in order: the weather first, then a
 * conversion of the temperature the first tool returned (the model reads it from the result).
 */
export const TOOL_PROMPT =
  'What is the weather in Kazan? Then convert the temperature to Fahrenheit.';

/** A tool call as the demo reports it (both frameworks). */
export interface ReportedToolCall {
  name: string;
  args: unknown;
}

/** A tool result as the demo reports it: the tool's return value (parsed when it was JSON text). */
export interface ReportedToolResult {
  name: string;
  result: unknown;
}

/** Parses JSON text (a LangChain tool message's content) back to a value; other text stays text. */
export function parseToolOutput(content: string): unknown {
  try {
    return JSON.parse(content);
  } catch {
    return content;
  }
}
