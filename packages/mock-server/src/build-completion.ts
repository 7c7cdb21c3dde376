import { tokenize } from './tokenize';
import type { MockReply, WireToolCall } from './types';
import type { WireUsage } from './usage';

/** `finish_reason` values the mock's own replies send. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/** What the model "generated", before framing. */
export interface Generation {
  content: string | null;
  reasoning: string | null;
  toolCalls: WireToolCall[];
  /** Any string (scripted replies may send unknown ones), or `null`. */
  finishReason: string | null;
  /** Per tool call, the streamed `arguments` pieces (default: pieces of 8 characters). */
  argumentFragments?: (readonly string[] | undefined)[];
}

/** How to frame a generation. */
export interface CompletionFrame {
  id: string;
  /** Unix seconds. */
  created: number;
  model: string;
  stream: boolean;
  /** `stream_options.include_usage`: a final usage chunk with `choices: []`. */
  includeUsage: boolean;
  usage: WireUsage;
  headers: Record<string, string>;
  /** The reasoning field: `reasoning_content` (default) or `reasoning`. */
  reasoningField?: 'reasoning_content' | 'reasoning';
  /** Leave the `finish_reason` key out of every choice (JSON and chunks). */
  omitFinishReason?: boolean;
}

/** `system_fingerprint` of every completion and chunk. */
export const SYSTEM_FINGERPRINT = 'fp_routify_mock';

/** Characters per `function.arguments` fragment when streaming tool calls. */
const ARGUMENT_FRAGMENT = 8;

function argumentFragments(text: string): string[] {
  const points = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < points.length; i += ARGUMENT_FRAGMENT) {
    out.push(points.slice(i, i + ARGUMENT_FRAGMENT).join(''));
  }
  return out;
}

function choiceMessage(generation: Generation, frame: CompletionFrame): Record<string, unknown> {
  const message: Record<string, unknown> = { role: 'assistant', content: generation.content };
  if (generation.reasoning !== null) {
    message[frame.reasoningField ?? 'reasoning_content'] = generation.reasoning;
  }
  if (generation.toolCalls.length > 0) message.tool_calls = generation.toolCalls;
  message.refusal = null;
  return message;
}

/** The non-streaming `chat.completion` body: one choice per generation. */
function completionBody(generations: Generation[], frame: CompletionFrame): unknown {
  return {
    id: frame.id,
    object: 'chat.completion',
    created: frame.created,
    model: frame.model,
    choices: generations.map((generation, index) => ({
      index,
      message: choiceMessage(generation, frame),
      logprobs: null,
      ...(frame.omitFinishReason ? {} : { finish_reason: generation.finishReason }),
    })),
    usage: frame.usage,
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
}

/** The deltas of one generation after its role delta. */
function choiceDeltas(generation: Generation, frame: CompletionFrame): Record<string, unknown>[] {
  const deltas: Record<string, unknown>[] = [];
  const reasoningField = frame.reasoningField ?? 'reasoning_content';
  for (const piece of tokenize(generation.reasoning ?? '')) {
    deltas.push({ [reasoningField]: piece });
  }
  for (const piece of tokenize(generation.content ?? '')) deltas.push({ content: piece });
  const queues = generation.toolCalls.map((call, index) => [
    {
      index,
      id: call.id,
      type: 'function',
      function: { name: call.function.name, arguments: '' },
    },
    ...(generation.argumentFragments?.[index] ?? argumentFragments(call.function.arguments)).map(
      (fragment) => ({
        index,
        function: { arguments: fragment },
      }),
    ),
  ]);
  for (let round = 0; queues.some((queue) => round < queue.length); round++) {
    for (const queue of queues) {
      const fragment = queue[round];
      if (fragment) deltas.push({ tool_calls: [fragment] });
    }
  }
  if (deltas.length === 0) deltas.push({});
  return deltas;
}

/**
 * The `chat.completion.chunk` events of a streamed reply (README, "Streaming"): a role delta;
 * `reasoning_content` deltas (token-sized); `content` deltas (token-sized); tool-call fragments
 * (first `{index,id,type,function:{name,arguments:""}}`, then `arguments` in pieces of 8
 * characters, round-robin across parallel calls); `finish_reason` on the last of those chunks
 * (on an empty delta when nothing was generated); a usage chunk with `choices: []` when asked;
 * then `[DONE]`. With `include_usage`, other chunks carry `usage: null`, like OpenAI. With
 * several choices (`n`), each chunk carries one choice and the choices take turns.
 */
function completionChunks(generations: Generation[], frame: CompletionFrame): unknown[] {
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
    id: frame.id,
    object: 'chat.completion.chunk',
    created: frame.created,
    model: frame.model,
    system_fingerprint: SYSTEM_FINGERPRINT,
    choices,
    ...(frame.includeUsage ? { usage: null } : {}),
    ...extra,
  });
  const finish = (value: string | null) => (frame.omitFinishReason ? {} : { finish_reason: value });
  const queues = generations.map((generation, index) => [
    chunk([{ index, delta: { role: 'assistant' }, logprobs: null, ...finish(null) }]),
    ...choiceDeltas(generation, frame).map((delta, i, all) =>
      chunk([
        {
          index,
          delta,
          logprobs: null,
          ...finish(i === all.length - 1 ? generation.finishReason : null),
        },
      ]),
    ),
  ]);
  const events: unknown[] = [];
  for (let round = 0; queues.some((queue) => round < queue.length); round++) {
    for (const queue of queues) {
      const event = queue[round];
      if (event) events.push(event);
    }
  }
  if (frame.includeUsage) events.push(chunk([], { usage: frame.usage }));
  events.push('[DONE]');
  return events;
}

/** Frames generations (one per choice) as a JSON or SSE reply with status 200. */
export function buildCompletion(generations: Generation[], frame: CompletionFrame): MockReply {
  if (frame.stream) {
    return {
      status: 200,
      headers: frame.headers,
      kind: 'sse',
      events: completionChunks(generations, frame),
    };
  }
  return {
    status: 200,
    headers: frame.headers,
    kind: 'json',
    body: completionBody(generations, frame),
  };
}
