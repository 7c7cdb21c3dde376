import type { ResponseInfo } from './send-request';

/** A result together with the HTTP response it came from. */
export interface WithResponse<T> {
  data: T;
  response: ResponseInfo;
}

/**
 * What every API call returns: a promise of the result (`await` it as usual) that can also give
 * the response it came from: `await call.withResponse()` → `{ data, response: { status,
 * headers, requestId } }`. The request is sent at once, whether or not it is awaited (like the
 * `openai` SDK's `APIPromise`).
 */
export class APIPromise<T> implements Promise<T> {
  readonly #withResponse: Promise<WithResponse<T>>;
  #data: Promise<T> | undefined;

  constructor(withResponse: Promise<WithResponse<T>>) {
    this.#withResponse = withResponse;
  }

  /** The result with its response: `status`, `headers` and `requestId` (`x-request-id`). */
  withResponse(): Promise<WithResponse<T>> {
    return this.#withResponse;
  }

  #result(): Promise<T> {
    this.#data ??= this.#withResponse.then((value) => value.data);
    return this.#data;
  }

  // biome-ignore lint/suspicious/noThenProperty: an APIPromise is a promise.
  then<TResult1 = T, TResult2 = never>(
    onfulfilled?: ((value: T) => TResult1 | PromiseLike<TResult1>) | null,
    onrejected?: ((reason: unknown) => TResult2 | PromiseLike<TResult2>) | null,
  ): Promise<TResult1 | TResult2> {
    return this.#result().then(onfulfilled, onrejected);
  }

  catch<TResult = never>(
    onrejected?: ((reason: unknown) => TResult | PromiseLike<TResult>) | null,
  ): Promise<T | TResult> {
    return this.#result().catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#result().finally(onfinally);
  }

  get [Symbol.toStringTag](): string {
    return 'APIPromise';
  }
}
