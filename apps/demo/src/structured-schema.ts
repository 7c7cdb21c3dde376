import { z } from 'zod';

/** The zod schema both structured-output steps ask for. */
export const citySchema = z.object({
  city: z.string().describe('The city name'),
  country: z.string().describe('The country the city is in'),
  population: z.number().int().describe('Approximate population'),
  landmarks: z.array(z.string()).describe('Two or three famous landmarks'),
});

/** A value of {@link citySchema}. */
export type CityProfile = z.infer<typeof citySchema>;

/** The prompt of both structured-output steps. */
export const CITY_PROMPT = 'Give a short profile of Kazan: country, population and landmarks.';
