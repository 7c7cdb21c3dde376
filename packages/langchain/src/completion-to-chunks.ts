import type { WireChunk, WireCompletion } from './wire-types';

/**
 * Replays a non-streaming completion as the chunks a stream would have sent (one delta with the
 * reasoning, text, refusal and tool calls, the finish reason, then the usage), so the events
 * path can serve `streaming: false` from a JSON request.
 */
export async function* completionToChunks(completion: WireCompletion): AsyncGenerator<WireChunk> {
  const choice = completion.choices?.[0];
  const message = choice?.message ?? {};
  const base = {
    id: completion.id,
    model: completion.model,
    system_fingerprint: completion.system_fingerprint,
  };
  yield {
    ...base,
    choices: [
      {
        index: 0,
        finish_reason: choice?.finish_reason ?? 'stop',
        delta: {
          role: 'assistant',
          ...(typeof message.content === 'string' ? { content: message.content } : {}),
          ...((message.reasoning_content ?? message.reasoning)
            ? { reasoning_content: message.reasoning_content ?? message.reasoning }
            : {}),
          ...(message.refusal ? { refusal: message.refusal } : {}),
          ...(message.tool_calls?.length
            ? { tool_calls: message.tool_calls.map((call, index) => ({ ...call, index })) }
            : {}),
        },
      },
    ],
  };
  if (completion.usage) yield { ...base, choices: [], usage: completion.usage };
}
