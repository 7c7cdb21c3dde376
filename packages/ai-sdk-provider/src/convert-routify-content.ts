/** A piece of assistant output: answer text or reasoning. */
export interface RoutifyContentPiece {
  type: 'text' | 'reasoning';
  text: string;
}

/**
 * Reads a message's (or delta's) `content`: a string (the OpenAI shape Routify documents), or
 * the array some upstreams send — `{type:'text', text}` parts as text, and
 * `{type:'thinking', thinking:[{type:'text', text}]}` (Mistral) or `{type:'reasoning', text}`
 * parts as reasoning. Empty pieces and unknown part types are skipped (they carry no text).
 */
export function convertRoutifyContent(content: unknown): RoutifyContentPiece[] {
  if (typeof content === 'string')
    return content.length > 0 ? [{ type: 'text', text: content }] : [];
  if (!Array.isArray(content)) return [];
  const pieces: RoutifyContentPiece[] = [];
  for (const part of content as unknown[]) {
    if (typeof part !== 'object' || part === null) continue;
    const { type, text, thinking } = part as { type?: unknown; text?: unknown; thinking?: unknown };
    if (type === 'text' && typeof text === 'string' && text.length > 0) {
      pieces.push({ type: 'text', text });
    } else if (type === 'reasoning' && typeof text === 'string' && text.length > 0) {
      pieces.push({ type: 'reasoning', text });
    } else if (type === 'thinking') {
      const reasoning = Array.isArray(thinking)
        ? thinking
            .map((item: unknown) =>
              typeof item === 'object' &&
              item !== null &&
              typeof (item as { text?: unknown }).text === 'string'
                ? (item as { text: string }).text
                : '',
            )
            .join('')
        : typeof thinking === 'string'
          ? thinking
          : '';
      if (reasoning.length > 0) pieces.push({ type: 'reasoning', text: reasoning });
    }
  }
  return pieces;
}
