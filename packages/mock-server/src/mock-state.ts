import { resolveCatalog } from './catalog';
import { createFaultTransform } from './faults/index';
import type {
  MockModel,
  MockReplyTransform,
  MockRoutifyOptions,
  MockServerState,
  RecordedRequest,
} from './types';
import type { PromptCache } from './usage';

/** The state of one mock, with the parts that only the handler uses. */
export interface InternalState extends MockServerState {
  readonly requests: RecordedRequest[];
  readonly models: MockModel[];
  /** How many times each request text was seen (ids are unique yet repeatable). */
  readonly seen: Map<string, number>;
  readonly promptCache: PromptCache;
  readonly options: MockRoutifyOptions;
  /** Renders faulted replies (src/faults/, issue 5); built once from `options.faults`. */
  readonly faultTransform: MockReplyTransform;
  /** Clears requests, prompt cache, id counters and `store`. */
  reset(): void;
}

/** Creates the state of one mock from its options. Throws `MockFaultError` for an invalid `faults` option. */
export function createMockState(options: MockRoutifyOptions): InternalState {
  const now = options.now ?? Date.now;
  const requests: RecordedRequest[] = [];
  const seen = new Map<string, number>();
  const store = new Map<string, unknown>();
  const promptCache: PromptCache = { prefixes: [] };
  return {
    requests,
    models: resolveCatalog(options.models),
    seen,
    store,
    promptCache,
    options,
    faultTransform: createFaultTransform(options.faults),
    now: () => now(),
    reset() {
      requests.length = 0;
      seen.clear();
      store.clear();
      promptCache.prefixes.length = 0;
    },
  };
}
