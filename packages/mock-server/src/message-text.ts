import type { ChatMessage } from './types';

/** The text of a message: a string content, or its text parts joined by `\n`. */
export function messageText(message: ChatMessage | undefined): string {
  const content = message?.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const part of content) {
    if (part.type === 'text' && typeof part.text === 'string') texts.push(part.text);
  }
  return texts.join('\n');
}

/** Number of content parts of `type` (`image_url`, `file`, `input_audio`) in a message. */
export function partCount(message: ChatMessage | undefined, type: string): number {
  if (!Array.isArray(message?.content)) return 0;
  return message.content.filter((part) => part.type === type).length;
}

/** Number of `image_url` parts in a message. */
export function imageCount(message: ChatMessage): number {
  return partCount(message, 'image_url');
}

/** The last message with role `user`, if any. */
export function lastUserMessage(messages: readonly ChatMessage[]): ChatMessage | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]?.role === 'user') return messages[i];
  }
  return undefined;
}

/** True when `text` has more Cyrillic letters than Latin ones (the mock's "Russian" rule). */
export function isRussian(text: string): boolean {
  const cyrillic = text.match(/\p{Script=Cyrillic}/gu)?.length ?? 0;
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
  return cyrillic > latin;
}
