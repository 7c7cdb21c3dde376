import type { Generation } from './build-completion';
import { tokenize } from './tokenize';
import type { ChatRequestBody } from './types';

function stopSequences(body: ChatRequestBody): string[] {
  const stop = body.stop;
  if (typeof stop === 'string') return stop === '' ? [] : [stop];
  if (Array.isArray(stop))
    return stop.filter((item): item is string => typeof item === 'string' && item !== '');
  return [];
}

/** The token budget: `max_completion_tokens`, else `max_tokens`, else none. */
export function tokenBudget(body: ChatRequestBody): number | undefined {
  const value = body.max_completion_tokens ?? body.max_tokens;
  return typeof value === 'number' ? value : undefined;
}

/**
 * Applies `stop` and `max_tokens` to a generation (README, "Stop and max_tokens"):
 * the content is cut just before the earliest occurrence of any stop sequence
 * (`finish_reason: "stop"`, tool calls dropped); then, when reasoning + content + tool-call
 * tokens exceed the budget, the reasoning and then the content are cut to the budget, tool
 * calls are dropped and `finish_reason` is `"length"`.
 */
export function applyLimits(generation: Generation, body: ChatRequestBody): Generation {
  let result = generation;
  const content = result.content;
  if (content !== null) {
    let cut = -1;
    for (const stop of stopSequences(body)) {
      const at = content.indexOf(stop);
      if (at !== -1 && (cut === -1 || at < cut)) cut = at;
    }
    if (cut !== -1) {
      result = { ...result, content: content.slice(0, cut), toolCalls: [], finishReason: 'stop' };
    }
  }
  const budget = tokenBudget(body);
  if (budget === undefined) return result;
  const reasoning = tokenize(result.reasoning ?? '');
  const text = tokenize(result.content ?? '');
  const callTokens = result.toolCalls.reduce(
    (sum, call) =>
      sum + tokenize(call.function.name).length + tokenize(call.function.arguments).length,
    0,
  );
  if (reasoning.length + text.length + callTokens <= budget) return result;
  const keptReasoning = reasoning.slice(0, budget);
  const keptText = text.slice(0, Math.max(0, budget - keptReasoning.length));
  return {
    content: result.content === null ? null : keptText.join(''),
    reasoning: result.reasoning === null ? null : keptReasoning.join(''),
    toolCalls: [],
    finishReason: 'length',
  };
}
