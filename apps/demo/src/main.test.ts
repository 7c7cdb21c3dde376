import { beforeAll, describe, expect, it } from 'vitest';
import type { DemoReport } from './run-demo';
import { type DemoRun, findStep, parseReport, spawnDemo } from './spawn-demo.test-helper';
import type { StepResult } from './step-result';

const BOOK = {
  title: 'The Master and Margarita',
  author: 'Mikhail Bulgakov',
  year: 1967,
  genres: ['novel', 'satire'],
};
const WEATHER_RESULT = { city: 'Kazan', celsius: -7, conditions: 'clear' };
const CONVERSION_RESULT = { celsius: -7, fahrenheit: 19 };
const TOOL_CALLS = [
  { name: 'get_weather', args: { city: 'Kazan' } },
  { name: 'celsius_to_fahrenheit', args: { celsius: -7 } },
];
const TOOL_RESULTS = [
  { name: 'get_weather', result: WEATHER_RESULT },
  { name: 'celsius_to_fahrenheit', result: CONVERSION_RESULT },
];
/** The embedded server's answer after the tool results: it quotes both, in order. */
const TOOL_ANSWER = `Based on the tool results: get_weather: ${JSON.stringify(WEATHER_RESULT)}; celsius_to_fahrenheit: ${JSON.stringify(CONVERSION_RESULT)}.`;

/** A step that streamed from a model: its model, a first token within the total, usage, finish reason. */
function expectStreamedMetrics(result: StepResult, model: string, finishReason: string): void {
  const metrics = result.metrics;
  expect(metrics, result.id).not.toBeNull();
  expect(metrics?.model).toBe(model);
  expect(metrics?.finishReason).toBe(finishReason);
  expect(metrics?.ttftMs).toBeTypeOf('number');
  expect(metrics?.ttftMs ?? Number.NaN).toBeLessThanOrEqual(metrics?.totalMs ?? 0);
  expect(metrics?.usage?.input).toBeGreaterThan(0);
  expect(metrics?.usage?.output).toBeGreaterThan(0);
}

// The two full runs start together (each has its own embedded server) to keep the suite short.
let jsonRun: Promise<DemoRun>;
let humanRun: Promise<DemoRun>;

beforeAll(() => {
  jsonRun = spawnDemo(['--json']);
  humanRun = spawnDemo([]);
});

describe('the demo with --json against the embedded mock server', () => {
  let run: DemoRun;
  let report: DemoReport;

  beforeAll(async () => {
    run = await jsonRun;
    report = parseReport(run);
  });

  it('exits 0 with the JSON report alone on stdout and the one-line note on stderr', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.error).toBeUndefined();
    expect(report.target?.mode).toBe('mock');
    expect(report.target?.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(run.stderr).toMatch(
      /^No ROUTIFY_API_KEY: started the embedded mock server at http:\/\/127\.0\.0\.1:\d+\/v1 \(no network needed\)\.\n$/,
    );
    expect(report.sections.map((section) => section.id)).toEqual(['core', 'langchain', 'ai-sdk']);
    expect(report.totalMs).toBeGreaterThan(0);
  });

  it('core: lists the models and streams a Russian and an English completion', () => {
    const models = findStep(report, 'core', 'models');
    expect(models.metrics).toBeNull();
    expect(models.data.models).toEqual(expect.arrayContaining(['gpt-4.1', 'o4-mini']));

    const russian = findStep(report, 'core', 'stream-russian');
    expect(russian.data.text).toBe(
      `Здравствуйте! Вы написали: «${russian.data.prompt}». Это тестовый ответ модели gpt-4.1.`,
    );
    expect(russian.data.chunks).toBeGreaterThan(10);
    expect(russian.data.requestId).toMatch(/^req_[0-9a-f]{32}$/);
    expectStreamedMetrics(russian, 'gpt-4.1', 'stop');

    const english = findStep(report, 'core', 'stream-english');
    expect(english.data.text).toBe(
      `Hello! You said: "${english.data.prompt}". This is a mock reply from gpt-4.1.`,
    );
    expectStreamedMetrics(english, 'gpt-4.1', 'stop');
  });

  it('LangChain: a streamed prompt | model | parser chain', () => {
    const chain = findStep(report, 'langchain', 'chain');
    // The template was filled in before the model saw it.
    expect(chain.data.text).toBe(
      'Hello! You said: "Explain LangChain runnables to a new developer in one short paragraph.". This is a mock reply from gpt-4.1.',
    );
    expectStreamedMetrics(chain, 'gpt-4.1', 'stop');
  });

  it('LangChain: a LangGraph agent calls both tools, one step after the other, then answers', () => {
    const agent = findStep(report, 'langchain', 'agent');
    expect(agent.data.toolCalls).toEqual(TOOL_CALLS);
    expect(agent.data.toolResults).toEqual(TOOL_RESULTS);
    expect(agent.data.modelCalls).toBe(3);
    expect(agent.data.text).toBe(TOOL_ANSWER);
    expectStreamedMetrics(agent, 'gpt-4.1', 'stop');
    // Later steps resend the conversation: the server reports its prefix as cached.
    expect(agent.metrics?.usage?.cached).toBeGreaterThan(0);
  });

  it('LangChain: withStructuredOutput returns an object matching the zod schema', () => {
    const structured = findStep(report, 'langchain', 'structured-output');
    expect(structured.data.object).toEqual(BOOK);
    expectStreamedMetrics(structured, 'gpt-4.1', 'tool_calls');
  });

  it('AI SDK: streamText, a tool loop ended by stopWhen, and structured output', () => {
    const text = findStep(report, 'ai-sdk', 'stream-text');
    expect(text.data.text).toBe(
      'Hello! You said: "Write one sentence about streaming with the Vercel AI SDK.". This is a mock reply from gpt-4.1.',
    );
    expectStreamedMetrics(text, 'gpt-4.1', 'stop');

    const loop = findStep(report, 'ai-sdk', 'tool-loop');
    expect(loop.data.toolCalls).toEqual(TOOL_CALLS);
    expect(loop.data.toolResults).toEqual(TOOL_RESULTS);
    expect(loop.data.modelCalls).toBe(3);
    expect(loop.data.text).toBe(TOOL_ANSWER);
    expectStreamedMetrics(loop, 'gpt-4.1', 'stop');
    expect(loop.metrics?.usage?.cached).toBeGreaterThan(0);

    const structured = findStep(report, 'ai-sdk', 'structured-output');
    expect(structured.data.object).toEqual(BOOK);
    expectStreamedMetrics(structured, 'gpt-4.1', 'stop');
  });

  it('AI SDK: a reasoning model, its reasoning kept apart from the answer', () => {
    const reasoning = findStep(report, 'ai-sdk', 'reasoning');
    const prompt = String(reasoning.data.prompt);
    expect(reasoning.data.reasoning).toBe(`The user wrote: "${prompt}". I will reply to it.`);
    expect(reasoning.data.text).toBe(
      `Hello! You said: "${prompt}". This is a mock reply from o4-mini.`,
    );
    expect(reasoning.data.reasoningTokens).toBeGreaterThan(0);
    expectStreamedMetrics(reasoning, 'o4-mini', 'stop');
  });

  it('the summary has one row per model step, matching the steps', () => {
    expect(report.summary.map((row) => `${row.section}/${row.step}`)).toEqual([
      'core/stream (ru)',
      'core/stream (en)',
      'langchain/chain',
      'langchain/agent',
      'langchain/withStructuredOutput',
      'ai-sdk/streamText',
      'ai-sdk/tool loop',
      'ai-sdk/Output.object',
      'ai-sdk/reasoning',
    ]);
    const agent = findStep(report, 'langchain', 'agent');
    expect(report.summary[3]).toEqual({
      section: 'langchain',
      step: 'agent',
      model: 'gpt-4.1',
      ttftMs: agent.metrics?.ttftMs,
      totalMs: agent.metrics?.totalMs,
      inputTokens: agent.metrics?.usage?.input,
      outputTokens: agent.metrics?.usage?.output,
      cachedTokens: agent.metrics?.usage?.cached,
      finishReason: 'stop',
    });
  });
});

describe('the demo for a person (stdout not a terminal)', () => {
  let run: DemoRun;

  beforeAll(async () => {
    run = await humanRun;
  });

  it('prints titled sections, tool calls and results, reasoning apart, and the closing table', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const out = run.stdout;
    expect(out).toMatch(
      /^No ROUTIFY_API_KEY: started the embedded mock server at http:\/\/127\.0\.0\.1:\d+\/v1/,
    );
    const titles = [
      '1. @routify/core',
      '2. @routify/langchain',
      '3. @routify/ai-sdk-provider',
      'Summary',
    ];
    const positions = titles.map((title) => out.indexOf(`━━ ${title}`));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(out).toContain('  → get_weather({"city":"Kazan"})');
    expect(out).toContain(`  ← celsius_to_fahrenheit: ${JSON.stringify(CONVERSION_RESULT)}`);
    expect(out).toMatch(
      / {2}reasoning ›\n {2}The user wrote: .*\n {2}answer ›\n {2}Hello! You said: /,
    );
    expect(out).toMatch(
      /│ step\s+│ model\s+│ first token │\s+total │ input │ output │ cached │ finish\s+│/,
    );
    expect(out).toMatch(
      /│ tool loop\s+│ gpt-4\.1\s+│\s+\d+ ms │\s+\d+ ms │\s+\d+ │\s+\d+ │\s+[1-9]\d* │ stop\s+│/,
    );
    expect(out).toMatch(/Done in \d+\.\d s\.\n$/);
    // No colours and no spinner frames off a terminal.
    expect(out).not.toContain('\u001b[');
  });
});

describe.concurrent('the demo options', () => {
  it('--only core --model gpt-4.1-mini runs one section with that model', async () => {
    const run = await spawnDemo(['--only', 'core', '--model', 'gpt-4.1-mini', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = parseReport(run);
    expect(report.sections.map((section) => section.id)).toEqual(['core']);
    const russian = findStep(report, 'core', 'stream-russian');
    expect(russian.data.text).toMatch(/Это тестовый ответ модели gpt-4\.1-mini\.$/);
    expectStreamedMetrics(russian, 'gpt-4.1-mini', 'stop');
  });

  it('--help describes every option and the environment, and exits 0', async () => {
    const run = await spawnDemo(['--help']);
    expect(run.code).toBe(0);
    for (const text of [
      '--only <section>',
      '"core", "langchain"',
      '"ai-sdk"',
      '--model <id>',
      '--reasoning-model <id>',
      '--json',
      '--timeout <seconds>',
      '(default: 60)',
      'ROUTIFY_API_KEY',
      'ROUTIFY_BASE_URL',
    ]) {
      expect(run.stdout).toContain(text);
    }
    // It reads well at 80 columns (a pipe: commander's default width): no line is wrapped by
    // the terminal, and the description breaks between phrases, not inside a package name.
    for (const line of run.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(run.stdout).toContain(
      'Shows Routify working from plain TypeScript (@routify/core), from LangChain\n' +
        'and LangGraph (@routify/langchain) and from the Vercel AI SDK\n' +
        '(@routify/ai-sdk-provider), then prints a table of timings and tokens.\n',
    );
  });

  it.each(['0', '-5', 'soon'])('refuses --timeout %s with exit code 1', async (value) => {
    const run = await spawnDemo(['--only', 'core', '--timeout', value]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('It must be a positive number of seconds');
  });

  it('a `--` before the options (pnpm demo -- --json) is ignored', async () => {
    const run = await spawnDemo(['--', '--only', 'core', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(parseReport(run).sections.map((section) => section.id)).toEqual(['core']);
  });

  it('an unknown section is refused with the allowed choices and exit code 1', async () => {
    const run = await spawnDemo(['--only', 'openai']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      "argument 'openai' is invalid. Allowed choices are core, langchain, ai-sdk.",
    );
  });

  it('an unknown model fails with a 404 message naming the step and exit code 1', async () => {
    const run = await spawnDemo(['--only', 'core', '--model', 'no-such-model']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'The demo failed at 1. @routify/core — plain TypeScript › chat.completions.create',
    );
    expect(run.stderr).toContain('Not found (HTTP 404): ');
    expect(run.stderr).toContain('no-such-model');
    expect(run.stderr).toContain('--model');
    // The status is printed once: not again as the start of the API's own message.
    expect(run.stderr).not.toMatch(/404[^\n]*404/);
    expect(run.stderr).not.toContain('Not found: ');
  });
});
