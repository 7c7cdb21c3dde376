import type { LanguageModelV4CallOptions, SharedV4Warning } from '@ai-sdk/provider';
import type { ChatCompletionTool, ChatCompletionToolChoiceOption } from '@routify/core';

/**
 * Converts the call's `tools` and `toolChoice` (`@ai-sdk/provider` 4.0.38) to Routify's `tools`
 * and `tool_choice` (OpenAI function-calling format).
 *
 * - Function tools → `{type:'function', function:{name, description, parameters, strict?}}`.
 * - Provider tools (`type:'provider'`, executed by another vendor) are not sent: an
 *   `unsupported` warning names each one. `inputExamples` are not sent either (warned).
 * - `toolChoice` `auto` / `none` / `required` → the same string, `{type:'tool', toolName}` →
 *   `{type:'function', function:{name}}`; only sent when at least one tool is.
 * - No tools (or an empty array) → both omitted.
 */
export function prepareTools({
  tools,
  toolChoice,
}: Pick<LanguageModelV4CallOptions, 'tools' | 'toolChoice'>): {
  tools: ChatCompletionTool[] | undefined;
  toolChoice: ChatCompletionToolChoiceOption | undefined;
  warnings: SharedV4Warning[];
} {
  const warnings: SharedV4Warning[] = [];
  const wireTools: ChatCompletionTool[] = [];
  for (const tool of tools ?? []) {
    if (tool.type === 'provider') {
      warnings.push({
        type: 'unsupported',
        feature: `provider-defined tool ${tool.id}`,
        details: `Routify chat completions take function tools only; the tool "${tool.name}" is not sent.`,
      });
      continue;
    }
    if (tool.inputExamples != null && tool.inputExamples.length > 0) {
      warnings.push({
        type: 'unsupported',
        feature: 'tool input examples',
        details: `the inputExamples of tool "${tool.name}" are not sent (add them to its description instead).`,
      });
    }
    wireTools.push({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description != null ? { description: tool.description } : {}),
        // a JSON Schema object; `JSONSchema7` has no index signature, core's record type does
        parameters: tool.inputSchema as Record<string, unknown>,
        ...(tool.strict != null ? { strict: tool.strict } : {}),
      },
    });
  }
  if (wireTools.length === 0) {
    if (toolChoice != null && toolChoice.type !== 'auto' && toolChoice.type !== 'none') {
      warnings.push({
        type: 'unsupported',
        feature: 'toolChoice',
        details: `toolChoice "${toolChoice.type}" needs at least one function tool; it is not sent.`,
      });
    }
    return { tools: undefined, toolChoice: undefined, warnings };
  }
  let wireToolChoice: ChatCompletionToolChoiceOption | undefined;
  switch (toolChoice?.type) {
    case undefined:
      wireToolChoice = undefined;
      break;
    case 'auto':
    case 'none':
    case 'required':
      wireToolChoice = toolChoice.type;
      break;
    case 'tool':
      wireToolChoice = { type: 'function', function: { name: toolChoice.toolName } };
      break;
  }
  return { tools: wireTools, toolChoice: wireToolChoice, warnings };
}
