import type { BaseMessage } from '@langchain/core/messages';
import {
  AIMessage,
  ChatMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from '@langchain/core/messages';
import type {
  ChatCompletionContentPartText,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
} from '@routify/core';
import {
  convertContentBlock,
  UnsupportedContentBlockError,
  type WireContentPart,
} from './convert-content';

/** A message as sent to `POST /v1/chat/completions` (`@routify/core`'s type). */
export type WireMessage = ChatCompletionMessageParam;

type Block = Record<string, unknown>;

/**
 * Converts LangChain messages to Routify wire messages:
 *
 * - `SystemMessage` → `system` (`developer` when `additional_kwargs.__openai_role__` says so);
 *   a `ChatMessage` with role `developer`/`system`/`user`/`assistant` → that role;
 * - `HumanMessage` → `user`, content blocks via `convertContentBlock` (old and v1 shapes);
 * - `AIMessage` → `assistant`: text only (reasoning, `tool_use`, `tool_call` and other non-text
 *   blocks are not sent as content); `tool_calls` with JSON-string arguments (content `null` when
 *   there is no text); reasoning (`additional_kwargs.reasoning_content` or `reasoning` blocks)
 *   sent back as `reasoning_content`, as `routify-api.md` requires;
 * - `ToolMessage` → `tool` with `tool_call_id`; array content is joined from its text blocks;
 * - `name` is kept on system, user and assistant messages.
 *
 * @throws UnsupportedContentBlockError for a message kind or block that cannot be sent.
 */
export function convertMessagesToWire(messages: readonly BaseMessage[]): WireMessage[] {
  return messages.map(convertMessage);
}

function convertMessage(message: BaseMessage): WireMessage {
  const name =
    typeof message.name === 'string' && message.name !== '' ? { name: message.name } : {};
  if (SystemMessage.isInstance(message)) {
    const role =
      message.additional_kwargs?.__openai_role__ === 'developer' ? 'developer' : 'system';
    return { role, content: instructionContent(message.content, role), ...name };
  }
  if (HumanMessage.isInstance(message))
    return { role: 'user', content: userContent(message.content), ...name };
  if (AIMessage.isInstance(message)) return convertAssistant(message, name);
  if (ToolMessage.isInstance(message)) {
    return {
      role: 'tool',
      content: toolContent(message.content),
      tool_call_id: message.tool_call_id,
    };
  }
  if (ChatMessage.isInstance(message)) {
    const role = message.role;
    if (role === 'system' || role === 'developer') {
      return { role, content: instructionContent(message.content, role), ...name };
    }
    if (role === 'user') return { role, content: userContent(message.content), ...name };
    if (role === 'assistant') return { role, content: textOf(message.content) || null, ...name };
  }
  throw new UnsupportedContentBlockError(
    `ChatRoutify cannot send a "${message.type}" message${ChatMessage.isInstance(message) ? ` with role "${message.role}"` : ''}: use system, human, AI or tool messages.`,
  );
}

function convertAssistant(message: AIMessage, name: { name?: string }): WireMessage {
  const text = textOf(message.content);
  const reasoningBlocks = Array.isArray(message.content)
    ? (message.content as Block[])
        .filter((block) => block.type === 'reasoning' && typeof block.reasoning === 'string')
        .map((block) => block.reasoning as string)
    : [];
  const kwargsReasoning = message.additional_kwargs?.reasoning_content;
  const reasoning =
    typeof kwargsReasoning === 'string' && kwargsReasoning !== ''
      ? kwargsReasoning
      : reasoningBlocks.join('');
  const toolCalls = outgoingToolCalls(message);
  return {
    role: 'assistant',
    content: text === '' && toolCalls.length > 0 ? null : text,
    ...name,
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
    ...(reasoning !== '' ? { reasoning_content: reasoning } : {}),
  };
}

function outgoingToolCalls(message: AIMessage): ChatCompletionMessageToolCall[] {
  if (message.tool_calls && message.tool_calls.length > 0) {
    return message.tool_calls.map((call, position) => ({
      id: call.id ?? `call_${message.id ?? 'routify'}_${position}`,
      type: 'function',
      function: { name: call.name, arguments: JSON.stringify(call.args ?? {}) },
    }));
  }
  const raw = message.additional_kwargs?.tool_calls;
  if (!Array.isArray(raw)) return [];
  return raw
    .filter(
      (call): call is ChatCompletionMessageToolCall =>
        typeof call?.id === 'string' && typeof call?.function?.name === 'string',
    )
    .map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.function.name, arguments: call.function.arguments || '{}' },
    }));
}

/** Text of an AI or tool message: the string, or its text blocks joined. */
function textOf(content: BaseMessage['content']): string {
  if (typeof content === 'string') return content;
  return (content as Block[])
    .filter(
      (block) =>
        block.type === 'text' || (typeof block.type !== 'string' && typeof block.text === 'string'),
    )
    .map((block) => String(block.text ?? ''))
    .join('');
}

/** System / developer content: a string, or text parts only (Chat Completions takes nothing else). */
function instructionContent(
  content: BaseMessage['content'],
  role: string,
): string | ChatCompletionContentPartText[] {
  const parts = userContent(content);
  if (typeof parts === 'string') return parts;
  return parts.map((part) => {
    if (part.type === 'text') return part;
    throw new UnsupportedContentBlockError(
      `ChatRoutify cannot send a "${part.type}" part in a ${role} message: Chat Completions ${role} messages take text only; put images and files in a human message.`,
    );
  });
}

function userContent(content: BaseMessage['content']): string | WireContentPart[] {
  if (typeof content === 'string') return content;
  return (content as Block[])
    .filter((block) => !(block.type === 'text' && block.text === ''))
    .map((block) => convertContentBlock(block));
}

function toolContent(content: BaseMessage['content']): string {
  if (typeof content === 'string') return content;
  const blocks = content as Block[];
  const other = blocks.find((block) => block.type !== 'text' && block.type !== 'text-plain');
  if (other) {
    throw new UnsupportedContentBlockError(
      `ChatRoutify cannot send a "${String(other.type)}" block in a tool message: Chat Completions tool results are text; return text (or JSON) from the tool.`,
    );
  }
  return blocks.map((block) => String(block.text ?? '')).join('');
}
