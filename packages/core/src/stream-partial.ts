import type { Usage } from './api-types';
import { TextBuffer } from './text-buffer';

/** Token usage in a {@link ChatCompletionPartial}: the wire `Usage` (tokens; provider extras kept). */
export type ChatCompletionPartialUsage = Usage;

/** One tool call as assembled so far from its streamed fragments (merged by `index`). */
export interface ChatCompletionPartialToolCall {
  /** The `index` the stream gave this call; fragments with the same index are merged. */
  index: number;
  /** The call id, from the first fragment that carried one. */
  id?: string;
  type: 'function';
  function: {
    /** The function name, from the first fragment that carried one. */
    name: string;
    /** The JSON arguments text, every fragment's `arguments` concatenated in arrival order. */
    arguments: string;
  };
}

/**
 * What a chat-completion stream has delivered so far, assembled from its chunks (first choice).
 * Carried by every stream error as `partial`, and readable at any time from the stream object.
 */
export interface ChatCompletionPartial {
  id?: string;
  model?: string;
  /** Unix time in seconds, from the first chunk that carried it. */
  created?: number;
  /** Every `delta.content` concatenated. */
  content: string;
  /** Every `delta.reasoning_content` / `delta.reasoning` concatenated. */
  reasoning: string;
  /** Every `delta.refusal` concatenated; absent when none arrived. */
  refusal?: string;
  /** Tool calls by ascending `index`. */
  tool_calls: ChatCompletionPartialToolCall[];
  /** The last `finish_reason` seen (absent until one arrives). */
  finish_reason?: string | null;
  /** The last usage seen. */
  usage?: ChatCompletionPartialUsage;
}

/**
 * The parts of a streamed `chat.completion.chunk` the accumulator reads. Structural, and lenient
 * on purpose (routers send `choices: []`, missing `delta`, `null` fields, extra keys), so any
 * `ChatCompletionChunk` — or a raw parsed chunk — can be passed.
 */
export interface ChatCompletionPartialChunkInput {
  id?: unknown;
  model?: unknown;
  created?: unknown;
  choices?: unknown;
  usage?: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isUsage = (value: unknown): value is ChatCompletionPartialUsage =>
  isRecord(value) && typeof value.prompt_tokens === 'number';

/**
 * Assembles a {@link ChatCompletionPartial} from streamed chunks, following the OpenAI chunk
 * format (https://platform.openai.com/docs/api-reference/chat-streaming): text and reasoning are
 * concatenated, tool-call fragments are merged by `index` (id and name from the first fragment
 * that has them, `arguments` concatenated), `usage` and `finish_reason` keep the last value seen.
 * Only the first choice (`index` 0) is assembled. Work per chunk is proportional to the chunk;
 * text is kept in a {@link TextBuffer}, so memory stays close to the text itself.
 */
export class ChatCompletionAccumulator {
  #id: string | undefined;
  #model: string | undefined;
  #created: number | undefined;
  #content = new TextBuffer();
  #reasoning = new TextBuffer();
  #refusal: string | undefined;
  #toolCalls: ChatCompletionPartialToolCall[] = [];
  #finishReason: string | null | undefined;
  #usage: ChatCompletionPartialUsage | undefined;
  #anyFinishReason = false;
  #contentDelivered = false;

  /** Whether any choice of any chunk so far carried a non-null `finish_reason`. */
  get sawFinishReason(): boolean {
    return this.#anyFinishReason;
  }

  /** Whether any text, reasoning, refusal or tool-call fragment has arrived. */
  get contentDelivered(): boolean {
    return this.#contentDelivered;
  }

  /** Merges one chunk into the partial result. Never throws on odd shapes: it skips what it cannot read. */
  add(chunk: ChatCompletionPartialChunkInput): void {
    if (this.#id === undefined && typeof chunk.id === 'string' && chunk.id !== '') {
      this.#id = chunk.id;
    }
    if (typeof chunk.model === 'string' && chunk.model !== '') this.#model = chunk.model;
    if (this.#created === undefined && typeof chunk.created === 'number') {
      this.#created = chunk.created;
    }
    if (isUsage(chunk.usage)) this.#usage = chunk.usage;
    if (!Array.isArray(chunk.choices)) return;
    for (const choice of chunk.choices) {
      if (!isRecord(choice)) continue;
      const finishReason = choice.finish_reason;
      if (typeof finishReason === 'string') this.#anyFinishReason = true;
      if ((choice.index ?? 0) !== 0) continue;
      if (typeof finishReason === 'string') this.#finishReason = finishReason;
      else if (finishReason === null && this.#finishReason === undefined) this.#finishReason = null;
      if (isRecord(choice.delta)) this.#addDelta(choice.delta);
    }
  }

  #addDelta(delta: Record<string, unknown>): void {
    if (typeof delta.content === 'string' && delta.content !== '') {
      this.#content.append(delta.content);
      this.#contentDelivered = true;
    }
    // Whichever field carries text: an upstream may send `reasoning_content: ""` (or null) next
    // to the real `reasoning`; when both carry text they are the same text, counted once.
    const reasoning =
      typeof delta.reasoning_content === 'string' && delta.reasoning_content !== ''
        ? delta.reasoning_content
        : delta.reasoning;
    if (typeof reasoning === 'string' && reasoning !== '') {
      this.#reasoning.append(reasoning);
      this.#contentDelivered = true;
    }
    if (typeof delta.refusal === 'string' && delta.refusal !== '') {
      this.#refusal = (this.#refusal ?? '') + delta.refusal;
      this.#contentDelivered = true;
    }
    if (Array.isArray(delta.tool_calls)) {
      for (const fragment of delta.tool_calls) {
        if (isRecord(fragment)) this.#addToolCall(fragment);
      }
    }
  }

  #addToolCall(fragment: Record<string, unknown>): void {
    this.#contentDelivered = true;
    const fn = isRecord(fragment.function) ? fragment.function : {};
    const id = typeof fragment.id === 'string' && fragment.id !== '' ? fragment.id : undefined;
    const calls = this.#toolCalls;
    let call: ChatCompletionPartialToolCall | undefined;
    let index: number;
    if (typeof fragment.index === 'number') {
      index = fragment.index;
      call = this.#findCall(index);
    } else {
      // Some upstreams omit `index`: a known id continues its call, a new id starts a new call,
      // no id continues the last one.
      const last = calls[calls.length - 1];
      call =
        id === undefined
          ? last
          : id === last?.id
            ? last
            : calls.find((existing) => existing.id === id);
      index = call?.index ?? (last === undefined ? 0 : last.index + 1);
    }
    if (call === undefined) {
      call = { index, type: 'function', function: { name: '', arguments: '' } };
      const at = calls.findIndex((existing) => existing.index > index);
      if (at === -1) calls.push(call);
      else calls.splice(at, 0, call);
    }
    if (call.id === undefined && id !== undefined) call.id = id;
    if (call.function.name === '' && typeof fn.name === 'string') call.function.name = fn.name;
    if (typeof fn.arguments === 'string') call.function.arguments += fn.arguments;
  }

  #findCall(index: number): ChatCompletionPartialToolCall | undefined {
    const calls = this.#toolCalls;
    // Fragments almost always continue the last call: check it first (O(1)).
    const last = calls[calls.length - 1];
    if (last !== undefined && last.index === index) return last;
    return calls.find((call) => call.index === index);
  }

  /** A snapshot of everything assembled so far; later chunks do not change it. */
  snapshot(): ChatCompletionPartial {
    const partial: ChatCompletionPartial = {
      content: this.#content.toString(),
      reasoning: this.#reasoning.toString(),
      tool_calls: this.#toolCalls.map((call) => ({
        ...call,
        function: { ...call.function },
      })),
    };
    if (this.#id !== undefined) partial.id = this.#id;
    if (this.#model !== undefined) partial.model = this.#model;
    if (this.#created !== undefined) partial.created = this.#created;
    if (this.#refusal !== undefined) partial.refusal = this.#refusal;
    if (this.#finishReason !== undefined) partial.finish_reason = this.#finishReason;
    if (this.#usage !== undefined) partial.usage = this.#usage;
    return partial;
  }
}
