import { messageText } from './message-text';
import type { ChatMessage } from './types';

function balancedObjectAt(text: string, start: number): string | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return undefined;
}

/**
 * The first JSON schema written in the messages (README, "Structured output"): searching the
 * messages from the last to the first, the first `{…}` that parses as a JSON object with
 * `properties` (an object schema). Used by `response_format: {type: "json_object"}`, whose
 * request carries no schema.
 */
export function findJsonSchema(
  messages: readonly ChatMessage[],
): Record<string, unknown> | undefined {
  for (let m = messages.length - 1; m >= 0; m--) {
    const message = messages[m];
    if (!message || message.role === 'assistant' || message.role === 'tool') continue;
    const text = messageText(message);
    for (let at = text.indexOf('{'); at !== -1; at = text.indexOf('{', at + 1)) {
      const candidate = balancedObjectAt(text, at);
      if (!candidate) break;
      try {
        const parsed: unknown = JSON.parse(candidate);
        if (
          typeof parsed === 'object' &&
          parsed !== null &&
          !Array.isArray(parsed) &&
          typeof (parsed as { properties?: unknown }).properties === 'object'
        ) {
          return parsed as Record<string, unknown>;
        }
      } catch {
        // not JSON: try the next brace
      }
    }
  }
  return undefined;
}
