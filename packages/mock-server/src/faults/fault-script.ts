/** A reply as the handler builds it, before rendering (the seam shared with the handler). */
export type FaultableReply =
  | {
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly kind: 'json';
      readonly body: unknown;
    }
  | {
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly kind: 'sse';
      /** Chunk objects, then the `'[DONE]'` marker. */
      readonly events: readonly unknown[];
    };

/** `heartbeat`: a comment written every `ms` while the stream waits between events. */
export interface FaultHeartbeat {
  readonly ms: number;
  readonly bytes: Uint8Array;
}

/** What the body stream does, step by step. */
export type FaultStep =
  | { readonly type: 'write'; readonly bytes: Uint8Array }
  | { readonly type: 'sleep'; readonly ms: number; readonly heartbeat?: FaultHeartbeat }
  | { readonly type: 'end' }
  /** Error the body with `mockSocketAction` set: the node server resets or closes the socket. */
  | { readonly type: 'fail'; readonly action: 'reset' | 'close' }
  /** Never end: the connection stays open until the client or `close()` ends it. */
  | { readonly type: 'hang'; readonly heartbeat?: FaultHeartbeat };

/** A fully planned faulted response. */
export interface FaultScript {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** `delay-headers`: ms before the status line and headers are sent. */
  readonly headersDelayMs: number;
  readonly steps: readonly FaultStep[];
}
