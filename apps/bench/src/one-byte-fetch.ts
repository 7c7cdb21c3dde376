/** Counts what {@link oneBytePerReadFetch} handed out. */
export interface ReadCounter {
  /** Reads delivered to the client (each exactly one byte). */
  reads: number;
}

/**
 * A `fetch` whose response bodies deliver exactly one byte per `read()`: the loopback response
 * is re-cut into 1-byte views (no copies), pull by pull, with no read-ahead. Needed because a
 * server writing one byte per socket write does not give the client 1-byte reads — TCP and
 * undici coalesce them (measured here: about 50 bytes per read on average).
 */
export function oneBytePerReadFetch(counter: ReadCounter): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (response.body === null) return response;
    const source = response.body.getReader();
    let current: Uint8Array | undefined;
    let offset = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          while (current === undefined || offset >= current.length) {
            const { done, value } = await source.read();
            if (done) {
              controller.close();
              return;
            }
            current = value;
            offset = 0;
          }
          controller.enqueue(current.subarray(offset, offset + 1));
          offset++;
          counter.reads++;
        },
        cancel(reason) {
          return source.cancel(reason);
        },
      },
      { highWaterMark: 0 },
    );
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
