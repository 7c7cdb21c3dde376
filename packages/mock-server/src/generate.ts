import type { Generation } from './build-completion';
import { conversationTurn } from './conversation-turn';
import { findJsonSchema } from './find-json-schema';
import { generateReasoning, type ReasoningPlan } from './generate-reasoning';
import { generateText } from './generate-text';
import { planToolCalls } from './plan-tool-calls';
import { schemaValue } from './schema-value';
import type { ChatRequestBody, MockModel, WireToolCall } from './types';

/** Inputs of the reply rules besides the request. */
export interface GenerateContext {
  /** Id for the n-th generated tool call. */
  toolCallId(index: number): string;
}

/**
 * The mock's own reply to a validated request (README, "Reply rules"): tool calls when the
 * tool rules call any; else JSON for `response_format` `json_schema` / `json_object`; else text.
 * Reasoning models think first.
 */
export function generate(
  body: ChatRequestBody,
  model: MockModel,
  context: GenerateContext,
): Generation {
  const turn = conversationTurn(body.messages);
  const planned = planToolCalls(body, turn);
  let content: string | null = null;
  let toolCalls: WireToolCall[] = [];
  let plan: ReasoningPlan;
  if (planned.length > 0) {
    toolCalls = planned.map((call, index) => ({
      id: context.toolCallId(index),
      type: 'function',
      function: { name: call.name, arguments: JSON.stringify(call.arguments) },
    }));
    plan = { kind: 'tools', names: [...new Set(planned.map((call) => call.name))] };
  } else {
    const format = body.response_format as
      | { type?: string; json_schema?: { schema?: unknown } }
      | null
      | undefined;
    if (format?.type === 'json_schema') {
      const schema = format.json_schema?.schema ?? { type: 'object', properties: {} };
      const sources = { segment: turn.prompt, prompt: turn.prompt, results: turn.values };
      content = JSON.stringify(schemaValue(schema, sources));
      plan = { kind: 'json' };
    } else if (format?.type === 'json_object') {
      const schema = findJsonSchema(body.messages);
      const sources = { segment: turn.prompt, prompt: turn.prompt, results: turn.values };
      content = JSON.stringify(
        schema ? schemaValue(schema, sources) : { answer: generateText(turn, model.id) },
      );
      plan = { kind: 'json' };
    } else {
      content = generateText(turn, model.id);
      plan =
        turn.results.length > 0
          ? { kind: 'results', count: turn.results.length }
          : { kind: 'text' };
    }
  }
  return {
    content,
    reasoning: model.capabilities.reasoning
      ? generateReasoning(turn.prompt, body.reasoning_effort, plan)
      : null,
    toolCalls,
    finishReason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
  };
}
