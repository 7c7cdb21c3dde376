import { applyLimits } from './apply-limits';
import { buildCompletion, type Generation } from './build-completion';
import { conversationTurn } from './conversation-turn';
import { errorReply, MockRequestError } from './error-reply';
import { generate } from './generate';
import { generateText } from './generate-text';
import { hashId } from './hash';
import type { InternalState } from './mock-state';
import { countTokens } from './tokenize';
import type {
  ChatRequestBody,
  MockModel,
  MockReply,
  MockReplySpec,
  MockRespondResult,
  RecordedRequest,
} from './types';
import { promptUsage, type WireUsage } from './usage';
import { validateChatRequest } from './validate-request';

/** What the chat completions route needs about the request. */
export interface RouteContext {
  state: InternalState;
  record: RecordedRequest;
  /** A key unique to this request on a fresh mock: the seed of every id. */
  requestKey: string;
  /** Headers every reply carries (`x-request-id`). */
  headers: Record<string, string>;
}

function specGeneration(
  spec: MockReplySpec,
  body: ChatRequestBody,
  model: MockModel,
  toolCallId: (index: number) => string,
): Generation {
  const toolCalls = (spec.toolCalls ?? []).map((call, index) => {
    const joined = call.fragments?.join('');
    const args =
      typeof call.arguments === 'string'
        ? call.arguments
        : call.arguments === undefined && joined !== undefined
          ? joined
          : JSON.stringify(call.arguments ?? {});
    if (joined !== undefined && joined !== args) {
      throw new Error(
        `toolCalls[${index}].fragments join to ${JSON.stringify(joined)}, but arguments is ${JSON.stringify(args)}: give one of them, or make them agree.`,
      );
    }
    return {
      id: call.id ?? toolCallId(index),
      type: 'function' as const,
      function: { name: call.name, arguments: args },
    };
  });
  const content =
    spec.content !== undefined
      ? spec.content
      : toolCalls.length > 0
        ? null
        : generateText(conversationTurn(body.messages), model.id);
  return {
    content,
    reasoning: spec.reasoning ?? null,
    toolCalls,
    finishReason:
      spec.finishReason !== undefined
        ? spec.finishReason
        : toolCalls.length > 0
          ? 'tool_calls'
          : 'stop',
    argumentFragments: (spec.toolCalls ?? []).map((call) => call.fragments),
  };
}

function completionTokens(generation: Generation): { total: number; reasoning: number } {
  const reasoning = countTokens(generation.reasoning ?? '');
  let total = reasoning + countTokens(generation.content ?? '');
  for (const call of generation.toolCalls) {
    total += countTokens(call.function.name) + countTokens(call.function.arguments);
  }
  return { total, reasoning };
}

/**
 * `POST /v1/chat/completions`: validates, asks the `respond` hook / the model's canned reply,
 * else generates by the reply rules, then frames the result as JSON or SSE.
 */
export async function chatCompletionsReply(
  raw: unknown,
  context: RouteContext,
): Promise<MockReply | Response> {
  const { state, headers } = context;
  let body: ChatRequestBody;
  let model: MockModel;
  try {
    ({ body, model } = validateChatRequest(raw, state.models));
  } catch (error) {
    if (error instanceof MockRequestError) return errorReply(error.status, error.fields, headers);
    throw error;
  }
  const choices = typeof body.n === 'number' ? body.n : 1;
  const toolCallId = (choice: number) => (index: number) =>
    `call_${hashId(`${context.requestKey}#${choice > 0 ? `choice${choice}#` : ''}call${index}`, 24)}`;
  const prompt = promptUsage(body, state.promptCache, state.options.cacheWriteThreshold ?? 1024);

  let spec: MockReplySpec | undefined;
  let scripted: MockRespondResult;
  try {
    scripted = state.options.respond
      ? await state.options.respond({ body, model, record: context.record })
      : undefined;
  } catch (error) {
    // A bug in the test's hook: a 500 the test can see, with the hook's message.
    const message = error instanceof Error ? error.message : String(error);
    return errorReply(
      500,
      { message: `The respond hook threw: ${message}`, code: 'respond_hook_error' },
      headers,
    );
  }
  if (scripted instanceof Response) return scripted;
  if (scripted !== undefined)
    spec = typeof scripted === 'string' ? { content: scripted } : scripted;
  else if (model.reply !== undefined) {
    spec = typeof model.reply === 'string' ? { content: model.reply } : model.reply;
  }
  if (spec?.error) {
    const { status = 400, ...fields } = spec.error;
    return errorReply(status, fields, { ...headers, ...spec.headers });
  }
  let generations: Generation[];
  try {
    generations = Array.from({ length: choices }, (_, choice) =>
      spec
        ? specGeneration(spec, body, model, toolCallId(choice))
        : applyLimits(generate(body, model, { toolCallId: toolCallId(choice) }), body),
    );
  } catch (error) {
    if (!spec) throw error;
    const message = error instanceof Error ? error.message : String(error);
    return errorReply(
      500,
      { message: `The scripted reply is invalid: ${message}`, code: 'respond_hook_error' },
      headers,
    );
  }
  const counted = generations.map(completionTokens).reduce(
    (sum, tokens) => ({
      total: sum.total + tokens.total,
      reasoning: sum.reasoning + tokens.reasoning,
    }),
    { total: 0, reasoning: 0 },
  );
  const overrides = spec?.usage ?? {};
  const promptTokens = overrides.prompt_tokens ?? prompt.prompt_tokens;
  const completion = overrides.completion_tokens ?? counted.total;
  const usage: WireUsage = {
    prompt_tokens: promptTokens,
    completion_tokens: completion,
    total_tokens: promptTokens + completion,
    prompt_tokens_details: {
      cached_tokens: overrides.cached_tokens ?? prompt.cached_tokens,
      cache_write_tokens: overrides.cache_write_tokens ?? prompt.cache_write_tokens,
    },
    completion_tokens_details: {
      reasoning_tokens: overrides.reasoning_tokens ?? counted.reasoning,
    },
  };
  const options = body.stream_options as { include_usage?: unknown } | null | undefined;
  const stream = body.stream === true;
  return buildCompletion(generations, {
    id: `chatcmpl-${hashId(context.requestKey, 29)}`,
    created: Math.floor(state.now() / 1000),
    model: model.id,
    stream,
    includeUsage: stream && (spec?.usageChunk ?? options?.include_usage === true),
    usage,
    headers: { ...headers, ...spec?.headers },
    reasoningField: spec?.reasoningField,
    omitFinishReason: spec?.omitFinishReason === true,
  });
}
