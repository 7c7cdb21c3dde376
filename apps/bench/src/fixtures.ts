/**
 * The prepared replies every target reads: deterministic bytes, built once (in the fixture
 * server) and re-derived by the bench (for the expected text). OpenRouter-like chunks of about
 * 300 bytes with Latin, Cyrillic, CJK and emoji text, an `: OPENROUTER PROCESSING` comment, a
 * final chunk with `finish_reason`, a usage chunk (`choices: []`) and `data: [DONE]`.
 */

/** A streamed fixture: which model id selects it and how it is served. */
export interface StreamFixtureSpec {
  /** Number of content chunks (besides the role, finish, usage chunks and `[DONE]`). */
  chunks: number;
  /** Milliseconds between the response headers and the first body byte (0: none). */
  firstByteDelayMs: number;
}

/** Model ids the bench sends; the fixture server answers each with its prepared bytes. */
export interface FixturePlan {
  /** Streamed replies by model id. */
  streams: Record<string, StreamFixtureSpec>;
}

/** The model id of the small JSON completion (any non-stream request gets it). */
export const SMALL_REPLY_TEXT = 'Hello! How can I help you today?';

const TOKENS = [
  'Hello',
  ',',
  ' world',
  '.',
  ' Привет',
  ',',
  ' мир',
  '!',
  ' 你好',
  '世界',
  ' 😀',
  ' streaming',
  ' tokens',
  ' over',
  ' SSE',
  ' — ',
  'ünïcödé',
  ' text',
  '\n',
];

const CREATED = 1_764_460_800;
const ID = 'gen-1764460800-BenchFixtureAbCdEfGh';

function token(index: number): string {
  return TOKENS[index % TOKENS.length] as string;
}

/** The text a `chunks`-chunk fixture assembles to. */
export function expectedText(chunks: number): string {
  const parts: string[] = [];
  for (let i = 0; i < chunks; i++) parts.push(token(i));
  return parts.join('');
}

function chunkJSON(delta: Record<string, unknown>, finishReason: string | null): string {
  return JSON.stringify({
    id: ID,
    provider: 'OpenAI',
    model: 'openai/gpt-4.1',
    object: 'chat.completion.chunk',
    created: CREATED,
    choices: [
      {
        index: 0,
        delta,
        finish_reason: finishReason,
        native_finish_reason: finishReason,
        logprobs: null,
      },
    ],
    system_fingerprint: 'fp_bench',
  });
}

/** The SSE body of a `chunks`-chunk completion, as UTF-8 bytes. */
export function streamBody(chunks: number): Buffer {
  const events: string[] = [': OPENROUTER PROCESSING\n\n'];
  events.push(`data: ${chunkJSON({ role: 'assistant', content: '' }, null)}\n\n`);
  for (let i = 0; i < chunks; i++) {
    events.push(`data: ${chunkJSON({ content: token(i) }, null)}\n\n`);
  }
  events.push(`data: ${chunkJSON({}, 'stop')}\n\n`);
  events.push(
    `data: ${JSON.stringify({
      id: ID,
      object: 'chat.completion.chunk',
      created: CREATED,
      model: 'openai/gpt-4.1',
      choices: [],
      usage: { prompt_tokens: 12, completion_tokens: chunks, total_tokens: 12 + chunks },
    })}\n\n`,
  );
  events.push('data: [DONE]\n\n');
  return Buffer.from(events.join(''), 'utf8');
}

/** The JSON body of the small completion every non-stream request gets. */
export function smallCompletionBody(): Buffer {
  return Buffer.from(
    JSON.stringify({
      id: ID,
      object: 'chat.completion',
      created: CREATED,
      model: 'openai/gpt-4.1',
      provider: 'OpenAI',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: SMALL_REPLY_TEXT, refusal: null },
          finish_reason: 'stop',
          native_finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 },
      system_fingerprint: 'fp_bench',
    }),
    'utf8',
  );
}
