import type { ChatCompletionContentPart, ChatCompletionContentPartImage } from '@routify/core';

/** A content part of a user message on the wire (`@routify/core`'s type). */
export type WireContentPart = ChatCompletionContentPart;

type ImageDetail = ChatCompletionContentPartImage['image_url']['detail'];

/** Thrown when a message holds a content block ChatRoutify cannot send; names the block and the fix. */
export class UnsupportedContentBlockError extends Error {
  override readonly name = 'UnsupportedContentBlockError';
}

type Block = Record<string, unknown>;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

const record = (value: unknown): Block | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Block)
    : undefined;

/**
 * Converts one LangChain content block of a human (or system/tool) message into a wire content
 * part. Accepts every shape LangChain users write:
 *
 * - text: `{ type: 'text', text }`, `{ type: 'text-plain', text }`, a `file` with
 *   `source_type: 'text'`;
 * - images: OpenAI `{ type: 'image_url', image_url: string | { url, detail } }`, the older
 *   standard `{ type: 'image', source_type: 'url' | 'base64' | 'id', url | data, mime_type }` and
 *   the v1 standard `{ type: 'image', url | data + mimeType | fileId }`; `detail` is kept (from
 *   `image_url.detail`, `detail` or `metadata.detail`);
 * - audio: `{ type: 'input_audio', input_audio }`, old and v1 `audio` blocks with base64 data or a
 *   data URL (wav or mp3) → `input_audio`;
 * - files: OpenAI `{ type: 'file', file }`, old and v1 `file` blocks with base64 data, a data URL
 *   or a file id → `file` (`filename` from `metadata.filename`/`name`/`filename`, else
 *   `file.<subtype>`); a `text/*` file (base64 or data URL) is decoded and sent as a text part.
 *
 * @throws UnsupportedContentBlockError for a block it cannot send (a remote file URL, audio that
 *   is not wav/mp3 base64, an unknown type), naming the block and the fix.
 */
export function convertContentBlock(block: Block): WireContentPart {
  const type = block.type;
  const metadata = record(block.metadata);
  if (type === 'text' || type === 'text-plain')
    return { type: 'text', text: String(block.text ?? '') };
  if (type === 'image_url') {
    const image = block.image_url;
    if (typeof image === 'string') return { type: 'image_url', image_url: { url: image } };
    const url = str(record(image)?.url);
    if (url === undefined) throw unsupported(block, 'an image_url block needs image_url.url');
    const detail = str(record(image)?.detail) as ImageDetail;
    return { type: 'image_url', image_url: { url, ...(detail ? { detail } : {}) } };
  }
  if (type === 'image') {
    const detail = (str(block.detail) ?? str(metadata?.detail)) as ImageDetail;
    const url = dataOrUrl(block, 'image');
    return { type: 'image_url', image_url: { url, ...(detail ? { detail } : {}) } };
  }
  if (type === 'input_audio') {
    const audio = record(block.input_audio);
    const data = str(audio?.data);
    const format = str(audio?.format);
    if (!data || !format)
      throw unsupported(block, 'input_audio needs input_audio.data and .format');
    return { type: 'input_audio', input_audio: { data, format } };
  }
  if (type === 'audio') return convertAudio(block);
  if (type === 'file') return convertFile(block, metadata);
  throw unsupported(
    block,
    'send text, image, audio or file blocks (reasoning and tool-call blocks belong in AI messages)',
  );
}

function mimeOf(block: Block): string | undefined {
  return str(block.mimeType) ?? str(block.mime_type);
}

/** An image's URL: a remote URL, a data URL, or a data URL built from base64 data. */
function dataOrUrl(block: Block, kind: string): string {
  const sourceType = str(block.source_type);
  const url = str(block.url);
  const data = str(block.data);
  if (sourceType === 'id' || (str(block.fileId) && !url && !data)) {
    throw unsupported(
      block,
      `${kind} blocks by file id are not supported by Chat Completions; send a URL or base64 data`,
    );
  }
  if (url) return url;
  if (data)
    return data.startsWith('data:') ? data : `data:${mimeOf(block) ?? 'image/png'};base64,${data}`;
  throw unsupported(block, `an ${kind} block needs a url or base64 data`);
}

function convertAudio(block: Block): WireContentPart {
  let data = str(block.data);
  let mime = mimeOf(block);
  const url = str(block.url);
  if (!data && url) {
    const parsed = parseDataUrl(url);
    if (parsed) ({ data, mime } = { data: parsed.data, mime: parsed.mime ?? mime });
  }
  const format = mime
    ?.toLowerCase()
    .replace('audio/', '')
    .replace('mpeg', 'mp3')
    .replace('x-wav', 'wav');
  if (!data || (format !== 'wav' && format !== 'mp3')) {
    throw unsupported(
      block,
      'audio must be base64 data (or a data URL) with mime type audio/wav or audio/mp3',
    );
  }
  return { type: 'input_audio', input_audio: { data, format } };
}

function convertFile(block: Block, metadata: Block | undefined): WireContentPart {
  const native = record(block.file);
  if (native)
    return {
      type: 'file',
      file: native as { file_data?: string; file_id?: string; filename?: string },
    };
  if (block.source_type === 'text') return { type: 'text', text: String(block.text ?? '') };
  const fileId = str(block.fileId) ?? (block.source_type === 'id' ? str(block.id) : undefined);
  if (fileId) return { type: 'file', file: { file_id: fileId } };
  const mime = mimeOf(block);
  const filename =
    str(metadata?.filename) ??
    str(metadata?.name) ??
    str(block.filename) ??
    str(block.name) ??
    `file.${(mime?.split('/')[1] ?? 'bin').split(';')[0]}`;
  const url = str(block.url);
  const data = str(block.data);
  const inline = data?.startsWith('data:') ? parseDataUrl(data) : undefined;
  const fromUrl = url?.startsWith('data:') ? parseDataUrl(url) : undefined;
  const textBase64 = isTextMime(inline?.mime ?? fromUrl?.mime ?? mime)
    ? (inline?.data ?? fromUrl?.data ?? (data?.startsWith('data:') ? undefined : data))
    : undefined;
  // Chat Completions `file` parts carry PDFs; a plain-text file is sent as its text instead.
  if (textBase64 !== undefined) return { type: 'text', text: decodeBase64Text(textBase64) };
  if (data) {
    const fileData = data.startsWith('data:')
      ? data
      : `data:${mime ?? 'application/octet-stream'};base64,${data}`;
    return { type: 'file', file: { file_data: fileData, filename } };
  }
  if (url?.startsWith('data:')) return { type: 'file', file: { file_data: url, filename } };
  if (url) {
    throw unsupported(
      block,
      'Chat Completions takes files as base64 data or a file id, not a remote URL; download it and send base64 data',
    );
  }
  throw unsupported(block, 'a file block needs base64 data, a data URL or a file id');
}

function isTextMime(mime: string | undefined): boolean {
  return mime !== undefined && /^text\//i.test(mime);
}

/** Decodes base64 to UTF-8 text with web-standard APIs only (`atob`, `TextDecoder`). */
function decodeBase64Text(base64: string): string {
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

function parseDataUrl(url: string): { mime?: string; data: string } | undefined {
  const match = /^data:([^;,]+)?(?:;[^,]*)?;base64,(.*)$/s.exec(url);
  if (!match || match[2] === undefined) return undefined;
  return { ...(match[1] ? { mime: match[1] } : {}), data: match[2] };
}

function unsupported(block: Block, fix: string): UnsupportedContentBlockError {
  const what =
    typeof block.type === 'string'
      ? `a "${block.type}" content block`
      : `a content block without a \`type\` (keys: ${Object.keys(block).join(', ') || 'none'}; a text block is { type: 'text', text })`;
  return new UnsupportedContentBlockError(`ChatRoutify cannot send ${what}: ${fix}.`);
}
