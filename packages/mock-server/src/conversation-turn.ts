import { messageText, partCount } from './message-text';
import { normalizeKey, type ResultValues } from './schema-value';
import type { ChatMessage } from './types';

/** A tool result of the current turn. */
export interface ToolResult {
  /** The tool's name (from the assistant tool call with that id). */
  name: string;
  /** The result text as sent (string content or text parts joined by `\n`). */
  content: string;
}

/** The current turn: everything after the last user message. */
export interface ConversationTurn {
  /** Text of the last user message (empty when there is none). */
  prompt: string;
  /** Image parts in the last user message. */
  images: number;
  /** `file` parts in the last user message. */
  files: number;
  /** `input_audio` parts in the last user message. */
  audio: number;
  /** Names of tools called by assistant messages after the last user message. */
  called: Set<string>;
  /** The `arguments` strings of those calls, by tool name. */
  calledArguments: Map<string, string[]>;
  /** Tool results after the last user message, in order. */
  results: ToolResult[];
  /** Values of those results, for later tool arguments and JSON output. */
  values: ResultValues;
}

function collect(value: unknown, into: Map<string, unknown>): void {
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item === 'object' && item !== null) collect(item, into);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'object' && item !== null && !Array.isArray(item)) collect(item, into);
    else {
      into.set(normalizeKey(key), item);
      if (Array.isArray(item)) collect(item, into);
    }
  }
}

/** Reads the current turn of a conversation (README, "Tools"). */
export function conversationTurn(messages: readonly ChatMessage[]): ConversationTurn {
  let last = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]?.role === 'user') {
      last = i;
      break;
    }
  }
  const user = last >= 0 ? messages[last] : undefined;
  const images = partCount(user, 'image_url');
  const names = new Map<string, string>();
  const called = new Set<string>();
  const calledArguments = new Map<string, string[]>();
  const results: ToolResult[] = [];
  const byKey = new Map<string, unknown>();
  const plain: string[] = [];
  for (const message of messages.slice(last + 1)) {
    if (message.role === 'assistant') {
      for (const call of message.tool_calls ?? []) {
        names.set(call.id, call.function.name);
        called.add(call.function.name);
        const list = calledArguments.get(call.function.name) ?? [];
        list.push(call.function.arguments);
        calledArguments.set(call.function.name, list);
      }
    } else if (message.role === 'tool') {
      const content = messageText(message);
      results.push({ name: names.get(message.tool_call_id ?? '') ?? 'tool', content });
      let parsed: unknown;
      try {
        parsed = JSON.parse(content);
      } catch {
        parsed = undefined;
      }
      if (typeof parsed === 'object' && parsed !== null) collect(parsed, byKey);
      else plain.push(parsed === undefined || parsed === null ? content.trim() : String(parsed));
    }
  }
  return {
    prompt: messageText(user),
    images,
    files: partCount(user, 'file'),
    audio: partCount(user, 'input_audio'),
    called,
    calledArguments,
    results,
    values: { byKey, plain },
  };
}
