import type { ConversationTurn } from './conversation-turn';
import { isRussian } from './message-text';

const MAX_QUOTE = 200;

/** Collapses whitespace and shortens to 200 code points (adding `…`). */
export function quotePrompt(text: string): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  const points = Array.from(collapsed);
  return points.length > MAX_QUOTE ? `${points.slice(0, MAX_QUOTE).join('')}…` : collapsed;
}

/**
 * The text reply (README, "Text replies"):
 * - after tool results in this turn: `Based on the tool results: NAME: RESULT; NAME: RESULT.`
 *   (Russian: `По результатам инструментов: …`), each result verbatim;
 * - last user message `Say: X` (or `Скажи: X`) → exactly `X`;
 * - otherwise, with P = that message collapsed and shortened to 200 characters:
 *   English: `Hello! You said: "P". This is a mock reply from MODEL.`
 *   Russian (more Cyrillic than Latin letters in P):
 *   `Здравствуйте! Вы написали: «P». Это тестовый ответ модели MODEL.`
 *   With N image parts, ` I see N image(s).` / ` Вижу изображений: N.` follows the quote, then
 *   with file parts ` I read N file(s).` / ` Файлов: N.`, with audio parts
 *   ` I hear N audio clip(s).` / ` Аудиозаписей: N.`.
 */
export function generateText(turn: ConversationTurn, model: string): string {
  const prompt = turn.prompt;
  const quoted = quotePrompt(prompt);
  const russian = isRussian(quoted);
  if (turn.results.length > 0) {
    const list = turn.results.map((result) => `${result.name}: ${result.content}`).join('; ');
    return russian
      ? `По результатам инструментов: ${list}.`
      : `Based on the tool results: ${list}.`;
  }
  const say = /^\s*(?:say|скажи)\s*:\s?([\s\S]*)$/iu.exec(prompt);
  if (say) return say[1] ?? '';
  const { images: n, files: f, audio: a } = turn;
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  if (russian) {
    const parts =
      (n > 0 ? ` Вижу изображений: ${n}.` : '') +
      (f > 0 ? ` Файлов: ${f}.` : '') +
      (a > 0 ? ` Аудиозаписей: ${a}.` : '');
    return `Здравствуйте! Вы написали: «${quoted}».${parts} Это тестовый ответ модели ${model}.`;
  }
  const parts =
    (n > 0 ? ` I see ${plural(n, 'image')}.` : '') +
    (f > 0 ? ` I read ${plural(f, 'file')}.` : '') +
    (a > 0 ? ` I hear ${plural(a, 'audio clip')}.` : '');
  return `Hello! You said: "${quoted}".${parts} This is a mock reply from ${model}.`;
}
