import {
  type LanguageModelV4FilePart,
  type LanguageModelV4Prompt,
  type LanguageModelV4ToolResultOutput,
  type SharedV4ProviderOptions,
  type SharedV4Warning,
  UnsupportedFunctionalityError,
} from '@ai-sdk/provider';
import {
  convertBase64ToUint8Array,
  convertToBase64,
  getTopLevelMediaType,
  resolveFullMediaType,
  resolveProviderReference,
} from '@ai-sdk/provider-utils';
import type {
  ChatCompletionContentPart,
  ChatCompletionContentPartImage,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
} from '@routify/core';

/** `application/*` types that are text and are sent as text parts rather than refused. */
const TEXT_LIKE_APPLICATION_TYPES = new Set([
  'application/json',
  'application/ld+json',
  'application/xml',
  'application/x-yaml',
  'application/yaml',
  'application/javascript',
  'application/x-javascript',
  'application/typescript',
  'application/sql',
  'application/graphql',
  'application/x-sh',
  'application/csv',
]);

/**
 * Converts an AI SDK prompt (`LanguageModelV4Prompt`, `@ai-sdk/provider` 4.0.38) to Routify's
 * `messages` (OpenAI chat format, `routify-api.md`).
 *
 * - system → `{role:'system'}`; user → a string for a single text part, else content parts:
 *   text, images (`image_url` with the URL as given, or a `data:` URL for bytes), audio bytes
 *   (`input_audio`, wav/mp3), PDFs (`file` with `file_data`), `text/*` and text-like
 *   `application/*` files (decoded into text parts), file references (`file_id`).
 * - assistant → one message: concatenated text (`null` with tool calls only), reasoning as
 *   `reasoning_content`, `tool_calls` with JSON-text arguments.
 * - tool → one `{role:'tool'}` message per result: text / error-text as is, json / error-json
 *   and content text as JSON/text, execution-denied as its reason; files in tool results (which
 *   tool messages cannot carry) follow as one user message after the tool messages.
 * - `providerOptions[providerName]` on a message or a user content part is merged into the
 *   wire message or part (an escape hatch for fields like `name`); on an image, `imageDetail`
 *   (`auto` | `low` | `high`) sets `image_url.detail`. On a tool message it goes into each of its
 *   wire messages (a tool result's own wins); on assistant tool calls into the call; on assistant
 *   text or reasoning parts (joined into one string) it cannot be sent: a warning says so.
 *
 * Parts Routify cannot take from an assistant turn (files, custom parts, provider-executed tool
 * results) are dropped with a warning. Files it cannot take at all throw
 * `UnsupportedFunctionalityError` naming the media type.
 */
export function convertToRoutifyMessages(
  prompt: LanguageModelV4Prompt,
  { providerName = 'routify' }: { providerName?: string } = {},
): { messages: ChatCompletionMessageParam[]; warnings: SharedV4Warning[] } {
  const messages: ChatCompletionMessageParam[] = [];
  const warnings: SharedV4Warning[] = [];
  const extras = (options: SharedV4ProviderOptions | undefined) => options?.[providerName] ?? {};

  for (const message of prompt) {
    switch (message.role) {
      case 'system': {
        messages.push({
          role: 'system',
          content: message.content,
          ...extras(message.providerOptions),
        });
        break;
      }
      case 'user': {
        const [first] = message.content;
        if (
          message.content.length === 1 &&
          first?.type === 'text' &&
          first.providerOptions?.[providerName] == null
        ) {
          messages.push({ role: 'user', content: first.text, ...extras(message.providerOptions) });
          break;
        }
        messages.push({
          role: 'user',
          content: message.content.map((part) =>
            part.type === 'text'
              ? { type: 'text', text: part.text, ...extras(part.providerOptions) }
              : withImageDetail(convertFilePart(part, providerName), extras(part.providerOptions)),
          ),
          ...extras(message.providerOptions),
        });
        break;
      }
      case 'assistant': {
        let text = '';
        let reasoning = '';
        const toolCalls: ChatCompletionMessageToolCall[] = [];
        for (const part of message.content) {
          if (
            (part.type === 'text' || part.type === 'reasoning') &&
            part.providerOptions?.[providerName] != null
          ) {
            warnings.push({
              type: 'other',
              message: `providerOptions.${providerName} on an assistant ${part.type} part is not sent: Routify's assistant content is one string. Set it on the message instead.`,
            });
          }
          switch (part.type) {
            case 'text':
              text += part.text;
              break;
            case 'reasoning':
              reasoning += part.text;
              break;
            case 'tool-call':
              if (part.providerExecuted) {
                warnings.push({
                  type: 'unsupported',
                  feature: 'provider-executed tool call in the prompt',
                  details: `tool call ${part.toolCallId} (${part.toolName}) was executed by another provider and is not sent.`,
                });
                break;
              }
              toolCalls.push({
                id: part.toolCallId,
                type: 'function',
                function: { name: part.toolName, arguments: serializeToolInput(part.input) },
                ...extras(part.providerOptions),
              });
              break;
            default:
              warnings.push({
                type: 'unsupported',
                feature: `assistant ${part.type} part`,
                details: `Routify assistant messages carry text, reasoning and tool calls; the ${part.type} part is not sent.`,
              });
          }
        }
        messages.push({
          role: 'assistant',
          content: toolCalls.length > 0 && text.length === 0 ? null : text,
          ...(reasoning.length > 0 ? { reasoning_content: reasoning } : {}),
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          ...extras(message.providerOptions),
        });
        break;
      }
      case 'tool': {
        const files: ChatCompletionContentPart[] = [];
        for (const part of message.content) {
          if (part.type === 'tool-approval-response') continue; // only meaningful for provider-executed tools
          const { content, files: resultFiles } = convertToolOutput(part.output, providerName);
          messages.push({
            role: 'tool',
            tool_call_id: part.toolCallId,
            content,
            ...extras(message.providerOptions),
            ...extras(part.providerOptions),
          });
          if (resultFiles.length > 0) {
            files.push({
              type: 'text',
              text: `Files returned by tool call ${part.toolCallId} (${part.toolName}):`,
            });
            files.push(...resultFiles);
          }
        }
        if (files.length > 0) messages.push({ role: 'user', content: files });
        break;
      }
    }
  }
  return { messages, warnings };
}

/**
 * Merges a file part's `providerOptions[providerName]` into the wire part; `imageDetail`
 * (`auto` | `low` | `high`) becomes `image_url.detail` of an image.
 */
function withImageDetail(
  part: ChatCompletionContentPart,
  options: Record<string, unknown>,
): ChatCompletionContentPart {
  const { imageDetail, ...rest } = options;
  if (part.type === 'image_url' && typeof imageDetail === 'string') {
    // sent as given, unchecked (as before): core types only the documented auto | low | high
    const detail = imageDetail as ChatCompletionContentPartImage['image_url']['detail'];
    return { ...part, image_url: { ...part.image_url, detail }, ...rest };
  }
  return { ...part, ...options };
}

/** Tool-call input (an already parsed JSON value) as the JSON text of `function.arguments`. */
function serializeToolInput(input: unknown): string {
  if (typeof input === 'string') {
    try {
      JSON.parse(input);
      return input;
    } catch {
      return JSON.stringify(input);
    }
  }
  return JSON.stringify(input ?? {});
}

function convertToolOutput(
  output: LanguageModelV4ToolResultOutput,
  providerName: string,
): { content: string; files: ChatCompletionContentPart[] } {
  switch (output.type) {
    case 'text':
    case 'error-text':
      return { content: output.value, files: [] };
    case 'json':
    case 'error-json':
      return { content: JSON.stringify(output.value), files: [] };
    case 'execution-denied':
      return { content: output.reason ?? 'Tool execution denied.', files: [] };
    case 'content': {
      const texts: string[] = [];
      const files: ChatCompletionContentPart[] = [];
      for (const item of output.value) {
        if (item.type === 'text') texts.push(item.text);
        else if (item.type === 'file') {
          const converted = convertFilePart(
            { type: 'file', data: item.data, mediaType: item.mediaType, filename: item.filename },
            providerName,
          );
          if (converted.type === 'text') texts.push(converted.text);
          else files.push(converted);
        } else {
          throw new UnsupportedFunctionalityError({
            functionality: 'custom parts in tool results',
          });
        }
      }
      const content =
        texts.length > 0
          ? texts.join('\n')
          : files.length > 0
            ? 'The result is in the files of the next message.'
            : '';
      return { content, files };
    }
  }
}

function dataUrl(part: LanguageModelV4FilePart, data: Uint8Array | string): string {
  return `data:${resolveFullMediaType({ part })};base64,${convertToBase64(data)}`;
}

function decodeText(data: Uint8Array | string): string {
  return new TextDecoder().decode(
    typeof data === 'string' ? convertBase64ToUint8Array(data) : data,
  );
}

function convertFilePart(
  part: LanguageModelV4FilePart,
  providerName: string,
): ChatCompletionContentPart {
  const { data } = part;
  const topLevel = getTopLevelMediaType(part.mediaType);
  const mediaType = part.mediaType.toLowerCase();
  const isText = topLevel === 'text' || TEXT_LIKE_APPLICATION_TYPES.has(mediaType);

  if (data.type === 'reference') {
    return {
      type: 'file',
      file: {
        file_id: resolveProviderReference({ reference: data.reference, provider: providerName }),
      },
    };
  }
  if (data.type === 'text') {
    if (isText) return { type: 'text', text: data.text };
    throw new UnsupportedFunctionalityError({
      functionality: `inline text data for a file of media type "${part.mediaType}" (only text/* files can be given as text)`,
    });
  }
  if (topLevel === 'image') {
    return {
      type: 'image_url',
      image_url: {
        url:
          data.type === 'url'
            ? (data.originalUrl ?? data.url.toString())
            : dataUrl(part, data.data),
      },
    };
  }
  if (data.type === 'url') {
    throw new UnsupportedFunctionalityError({
      functionality: `${part.mediaType} files by URL (${data.url.protocol}//…): Routify takes images by URL; pass other files as bytes`,
    });
  }
  if (isText) return { type: 'text', text: decodeText(data.data) };
  if (topLevel === 'audio') {
    const full = resolveFullMediaType({ part });
    const format =
      full === 'audio/wav' || full === 'audio/x-wav'
        ? 'wav'
        : full === 'audio/mpeg' || full === 'audio/mp3'
          ? 'mp3'
          : undefined;
    if (format == null) {
      throw new UnsupportedFunctionalityError({
        functionality: `audio of media type "${full}" (Routify takes audio/wav and audio/mpeg)`,
      });
    }
    return { type: 'input_audio', input_audio: { data: convertToBase64(data.data), format } };
  }
  if (mediaType === 'application/pdf') {
    return {
      type: 'file',
      file: { filename: part.filename ?? 'document.pdf', file_data: dataUrl(part, data.data) },
    };
  }
  throw new UnsupportedFunctionalityError({
    functionality: `file parts of media type "${part.mediaType}" (Routify takes images, PDFs, wav/mp3 audio and text files)`,
  });
}
