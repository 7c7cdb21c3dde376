import type { WireToolCallDelta } from './wire-types';

interface TrackedCall {
  index: number;
  id: string;
  synthetic: boolean;
}

/** A streamed tool-call fragment with a stable LangChain index and an id for its first fragment. */
export interface IndexedToolCallDelta {
  /** The index LangChain merges fragments on; unique per tool call of the message. */
  index: number;
  /** Present on the first fragment of each call (synthesized if the stream sent none). */
  id?: string;
  name?: string;
  args: string;
}

/**
 * Gives every streamed tool call a stable index and an id, so that LangChain's chunk merging
 * (`tool_call_chunks` merged by `index`, and the events path keyed on the index) always
 * reassembles the same calls the stream meant:
 *
 * - fragments are grouped by the wire `index` (its position in `delta.tool_calls` when absent);
 * - a fragment carrying a different id at an index already in use starts a new call (upstreams
 *   that send every parallel call at index 0; cf. langgraphjs#1289);
 * - a call whose first fragment has no id gets `call_<message id>_<index>`, so it is a valid
 *   tool call for `ToolNode` rather than an `invalid_tool_call`;
 * - empty-string ids count as absent.
 */
export class ToolCallIndexer {
  private readonly calls = new Map<number, TrackedCall>();
  private nextIndex = 0;

  /** Maps the fragments of one delta; `messageId` seeds synthesized ids. */
  map(
    fragments: readonly WireToolCallDelta[],
    messageId: string | undefined,
  ): IndexedToolCallDelta[] {
    return fragments.map((fragment, position) => {
      const wireIndex = typeof fragment.index === 'number' ? fragment.index : position;
      const id = fragment.id ? fragment.id : undefined;
      let tracked = this.calls.get(wireIndex);
      let isFirst = false;
      if (tracked === undefined || (id !== undefined && !tracked.synthetic && id !== tracked.id)) {
        const index = this.nextIndex++;
        tracked = {
          index,
          id: id ?? `call_${messageId ?? 'routify'}_${index}`,
          synthetic: id === undefined,
        };
        this.calls.set(wireIndex, tracked);
        isFirst = true;
      }
      const name = fragment.function?.name ? fragment.function.name : undefined;
      return {
        index: tracked.index,
        ...(isFirst ? { id: tracked.id } : {}),
        ...(name !== undefined ? { name } : {}),
        args: fragment.function?.arguments ?? '',
      };
    });
  }
}
