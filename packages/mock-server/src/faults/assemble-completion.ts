type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

interface ChoiceState {
  index: number;
  role: string;
  content: string | null;
  reasoningContent: string | undefined;
  reasoning: string | undefined;
  refusal: string | undefined;
  toolCalls: Map<number, { id: string; type: string; name: string; arguments: string }>;
  finishReason: unknown;
}

const append = (previous: string | undefined | null, next: unknown): string | undefined =>
  typeof next === 'string' ? (previous ?? '') + next : (previous ?? undefined);

/**
 * Folds `chat.completion.chunk` objects (the `[DONE]` marker and non-objects are skipped) into the
 * `chat.completion` a JSON request would have got: content, reasoning (`reasoning_content` /
 * `reasoning`), refusal and tool-call fragments concatenated per choice and per tool-call `index`,
 * the last `finish_reason`, the last non-null `usage` (absent when the stream had no usage
 * chunk), in the key order of the mock's own JSON replies. Used by the `json-to-stream` and
 * `truncated-json` faults on stream requests.
 */
export function assembleCompletion(events: readonly unknown[]): JsonObject {
  const chunks = events.filter(isObject);
  const first = chunks[0] ?? {};
  const choices = new Map<number, ChoiceState>();
  let usage: unknown;
  for (const chunk of chunks) {
    if (chunk.usage != null) usage = chunk.usage;
    if (!Array.isArray(chunk.choices)) continue;
    for (const choice of chunk.choices) {
      if (!isObject(choice)) continue;
      const index = typeof choice.index === 'number' ? choice.index : 0;
      let state = choices.get(index);
      if (!state) {
        state = {
          index,
          role: 'assistant',
          content: null,
          reasoningContent: undefined,
          reasoning: undefined,
          refusal: undefined,
          toolCalls: new Map(),
          finishReason: null,
        };
        choices.set(index, state);
      }
      if (choice.finish_reason != null) state.finishReason = choice.finish_reason;
      const delta = isObject(choice.delta) ? choice.delta : {};
      if (typeof delta.role === 'string') state.role = delta.role;
      state.content = append(state.content, delta.content) ?? null;
      state.reasoningContent = append(state.reasoningContent, delta.reasoning_content);
      state.reasoning = append(state.reasoning, delta.reasoning);
      state.refusal = append(state.refusal, delta.refusal);
      if (Array.isArray(delta.tool_calls)) {
        for (const fragment of delta.tool_calls) {
          if (!isObject(fragment)) continue;
          const callIndex = typeof fragment.index === 'number' ? fragment.index : 0;
          const call = state.toolCalls.get(callIndex) ?? {
            id: '',
            type: 'function',
            name: '',
            arguments: '',
          };
          if (typeof fragment.id === 'string') call.id = fragment.id;
          if (typeof fragment.type === 'string') call.type = fragment.type;
          const fn = isObject(fragment.function) ? fragment.function : {};
          call.name += typeof fn.name === 'string' ? fn.name : '';
          call.arguments += typeof fn.arguments === 'string' ? fn.arguments : '';
          state.toolCalls.set(callIndex, call);
        }
      }
    }
  }
  const completion: JsonObject = {
    id: first.id,
    object: 'chat.completion',
    created: first.created,
    model: first.model,
  };
  completion.choices = [...choices.values()]
    .sort((a, b) => a.index - b.index)
    .map((state) => {
      const message: JsonObject = { role: state.role, content: state.content };
      if (state.reasoningContent !== undefined) message.reasoning_content = state.reasoningContent;
      if (state.reasoning !== undefined) message.reasoning = state.reasoning;
      if (state.toolCalls.size > 0) {
        message.tool_calls = [...state.toolCalls.entries()]
          .sort(([a], [b]) => a - b)
          .map(([, call]) => ({
            id: call.id,
            type: call.type,
            function: { name: call.name, arguments: call.arguments },
          }));
      }
      message.refusal = state.refusal ?? null;
      return { index: state.index, message, logprobs: null, finish_reason: state.finishReason };
    });
  if (usage !== undefined) completion.usage = usage;
  if (first.system_fingerprint !== undefined)
    completion.system_fingerprint = first.system_fingerprint;
  return completion;
}
