import type { Generation } from './build-completion';
import { generateText } from './generate-text';
import type { ChatRequestBody, MockModel } from './types';

/** Inputs of the reply rules besides the request. */
export interface GenerateContext {
  /** Id for the n-th generated tool call. */
  toolCallId(index: number): string;
}

/** The mock's own reply to a validated request (README, "Reply rules"). */
export function generate(
  body: ChatRequestBody,
  model: MockModel,
  _context: GenerateContext,
): Generation {
  return {
    content: generateText(body.messages, model.id),
    reasoning: null,
    toolCalls: [],
    finishReason: 'stop',
  };
}
