import type { InvalidToolCall, ToolCall } from '@langchain/core/messages/tool';
import type { WireToolCall } from './wire-types';

/**
 * Parses one wire tool call into a LangChain `ToolCall` (`type: 'tool_call'`, args an object),
 * or an `InvalidToolCall` carrying the raw arguments text and the reason.
 *
 * Empty or whitespace-only arguments mean a tool without parameters: `args: {}`, never an invalid
 * call (the failure of langchainjs#11311). Arguments that are not a JSON object are invalid.
 */
export function parseToolCall(
  raw: WireToolCall,
): { valid: true; call: ToolCall } | { valid: false; call: InvalidToolCall } {
  const name = raw.function?.name;
  const text = raw.function?.arguments ?? '';
  const id = raw.id === '' ? undefined : raw.id;
  const result = parseToolArguments(text);
  if ('error' in result || name == null || name === '') {
    const error = 'error' in result ? result.error : 'The tool call has no function name.';
    return { valid: false, call: { type: 'invalid_tool_call', id, name, args: text, error } };
  }
  return { valid: true, call: { type: 'tool_call', id, name, args: result.args } };
}

/** Parses tool-call arguments text: empty → `{}`, a JSON object → it, anything else → an error. */
export function parseToolArguments(
  text: string,
): { args: Record<string, unknown> } | { error: string } {
  if (text.trim() === '') return { args: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return {
      error: `Tool call arguments are not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { error: 'Tool call arguments must be a JSON object.' };
  }
  return { args: parsed as Record<string, unknown> };
}
