import { isRussian, lastUserMessage, messageText } from './message-text';
import type { ChatMessage } from './types';

const MAX_QUOTE = 200;

/** Collapses whitespace and shortens to 200 code points (adding `…`). */
export function quotePrompt(text: string): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  const points = Array.from(collapsed);
  return points.length > MAX_QUOTE ? `${points.slice(0, MAX_QUOTE).join('')}…` : collapsed;
}

/**
 * The default text reply (README, "Text replies"):
 * - last user message `Say: X` (or `Скажи: X`) → exactly `X`;
 * - otherwise, with P = that message collapsed and shortened to 200 characters:
 *   English: `Hello! You said: "P". This is a mock reply from MODEL.`
 *   Russian (more Cyrillic than Latin letters in P):
 *   `Здравствуйте! Вы написали: «P». Это тестовый ответ модели MODEL.`
 */
export function generateText(messages: readonly ChatMessage[], model: string): string {
  const prompt = messageText(lastUserMessage(messages));
  const say = /^\s*(?:say|скажи)\s*:\s?([\s\S]*)$/iu.exec(prompt);
  if (say) return say[1] ?? '';
  const quoted = quotePrompt(prompt);
  if (isRussian(quoted)) {
    return `Здравствуйте! Вы написали: «${quoted}». Это тестовый ответ модели ${model}.`;
  }
  return `Hello! You said: "${quoted}". This is a mock reply from ${model}.`;
}
