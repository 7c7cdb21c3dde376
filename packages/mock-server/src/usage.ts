import { messageText, partCount } from './message-text';
import { countTokens } from './tokenize';
import type { ChatRequestBody } from './types';

/** Tokens an image part counts for in `prompt_tokens`. */
export const IMAGE_TOKENS = 85;
/** Tokens a `file` part (PDF) counts for in `prompt_tokens`. */
export const FILE_TOKENS = 250;
/** Tokens an `input_audio` part counts for in `prompt_tokens`. */
export const AUDIO_TOKENS = 50;

/** Usage as sent on the wire. */
export interface WireUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
}

/** One cacheable element of a prompt: the preamble (tools, schema) or a message. */
export interface PromptElement {
  key: string;
  tokens: number;
}

/**
 * The prompt as cacheable elements (README, "Usage"): element 0 is the preamble — the tokens of
 * `JSON.stringify(tools)` and of `JSON.stringify(response_format.json_schema)` when present —
 * then one element per message: 4 + tokens of its text + of `name` + of each tool call's name
 * and arguments + 85 per image part, 250 per file part and 50 per audio part.
 */
export function promptElements(body: ChatRequestBody): PromptElement[] {
  const responseFormat = body.response_format as { json_schema?: unknown } | undefined;
  const preamble = {
    tools: body.tools,
    schema: responseFormat?.json_schema,
  };
  let preambleTokens = 0;
  if (body.tools !== undefined) preambleTokens += countTokens(JSON.stringify(body.tools));
  if (responseFormat?.json_schema !== undefined) {
    preambleTokens += countTokens(JSON.stringify(responseFormat.json_schema));
  }
  const elements: PromptElement[] = [{ key: JSON.stringify(preamble), tokens: preambleTokens }];
  for (const message of body.messages) {
    let tokens =
      4 +
      countTokens(messageText(message)) +
      partCount(message, 'image_url') * IMAGE_TOKENS +
      partCount(message, 'file') * FILE_TOKENS +
      partCount(message, 'input_audio') * AUDIO_TOKENS;
    if (typeof message.name === 'string') tokens += countTokens(message.name);
    for (const call of message.tool_calls ?? []) {
      tokens += countTokens(call.function.name) + countTokens(call.function.arguments);
    }
    elements.push({ key: JSON.stringify(message), tokens });
  }
  return elements;
}

/** How many earlier prompts the cache simulation remembers (the oldest are forgotten). */
export const PROMPT_CACHE_SIZE = 1000;

/** Prompt-cache simulation state (cleared by `reset()`). */
export interface PromptCache {
  prefixes: string[][];
}

/**
 * Prompt token counts with the cache simulation (README, "Prompt caching"):
 * `cached_tokens` = tokens of the longest run of leading elements (the preamble and at least one
 * message) equal to an earlier request's; `cache_write_tokens` = `prompt_tokens − cached_tokens`
 * when `prompt_tokens ≥ threshold`, else 0. Records this prompt for later requests.
 */
export function promptUsage(
  body: ChatRequestBody,
  cache: PromptCache,
  threshold: number,
): { prompt_tokens: number; cached_tokens: number; cache_write_tokens: number } {
  const elements = promptElements(body);
  const keys = elements.map((element) => element.key);
  let common = 0;
  for (const earlier of cache.prefixes) {
    let length = 0;
    while (length < keys.length && length < earlier.length && keys[length] === earlier[length]) {
      length++;
    }
    common = Math.max(common, length);
  }
  const promptTokens = elements.reduce((sum, element) => sum + element.tokens, 0);
  const cached =
    common >= 2 ? elements.slice(0, common).reduce((sum, element) => sum + element.tokens, 0) : 0;
  const written = promptTokens >= threshold ? promptTokens - cached : 0;
  cache.prefixes.push(keys);
  if (cache.prefixes.length > PROMPT_CACHE_SIZE) cache.prefixes.shift();
  return { prompt_tokens: promptTokens, cached_tokens: cached, cache_write_tokens: written };
}
