import { headerEntries } from './header-entries';
import type { HeadersLike } from './load-settings';
import { VERSION } from './version';

/** The `User-Agent` core sends: `routify-js/core/<version>`. */
export const USER_AGENT = `routify-js/core/${VERSION}`;

/** Inputs of {@link buildHeaders}. */
export interface BuildHeadersInput {
  /** Sent as `Authorization: Bearer <apiKey>` when set. */
  apiKey: string | undefined;
  /** `Accept`: `application/json`, or `text/event-stream` for streams. */
  accept: string;
  /** Whether the request has a JSON body (adds `Content-Type: application/json`). */
  hasBody: boolean;
  /** The client's `defaultHeaders`. */
  defaultHeaders?: HeadersLike | undefined;
  /** The call's `headers`, applied last. */
  headers?: HeadersLike | undefined;
  /**
   * Product tokens appended, in order, to the `User-Agent` that results from the above
   * (blank or `undefined` entries are skipped). Checked with {@link checkUserAgentSuffix}.
   */
  userAgentSuffixes?: ReadonlyArray<string | undefined> | undefined;
}

/**
 * Builds a request's headers: `Authorization`, `Content-Type`, `Accept` and `User-Agent` first,
 * then `defaultHeaders`, then the call's `headers` (each later one replaces an earlier header of
 * the same name; a `null`/`undefined` record value removes it).
 * @throws TypeError when a header value cannot be sent (e.g. a key with a line break); the message
 * never contains the value.
 */
export function buildHeaders(input: BuildHeadersInput): Headers {
  const headers = new Headers();
  if (input.apiKey !== undefined) setHeader(headers, 'authorization', `Bearer ${input.apiKey}`);
  if (input.hasBody) headers.set('content-type', 'application/json');
  headers.set('accept', input.accept);
  headers.set('user-agent', USER_AGENT);
  applyHeaders(headers, input.defaultHeaders);
  applyHeaders(headers, input.headers);
  const suffixes = (input.userAgentSuffixes ?? []).filter((token) => token !== undefined);
  if (suffixes.length > 0) {
    // Appended to whatever User-Agent the headers left (core's, or one given in `defaultHeaders` /
    // `headers`), as `withUserAgentSuffix` of `@ai-sdk/provider-utils` does.
    const userAgent = [headers.get('user-agent') ?? '', ...suffixes].join(' ').trim();
    setHeader(headers, 'user-agent', userAgent);
  }
  return headers;
}

/**
 * Validates a `userAgentSuffix` option: a string of product tokens such as
 * `'routify-js/ai-sdk-provider/1.2.0 ai/7.0.0'` (RFC 9110 §10.1.5), without line breaks or
 * characters outside visible Latin-1. Surrounding whitespace is dropped; blank means none.
 * @returns the trimmed suffix, or `undefined` for `undefined` or a blank string.
 * @throws TypeError naming the option (`name`) when it is not a string or holds a character not
 * allowed in an HTTP header.
 */
export function checkUserAgentSuffix(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new TypeError(
      `Routify: \`${name}\` must be a string of User-Agent product tokens (e.g. 'my-app/1.0'); got ${value === null ? 'null' : typeof value}.`,
    );
  }
  const trimmed = value.trim();
  if (!VALID_VALUE.test(trimmed)) {
    throw new TypeError(
      `Routify: \`${name}\` contains characters not allowed in an HTTP header (a line break, a control or non-Latin-1 character).`,
    );
  }
  return trimmed === '' ? undefined : trimmed;
}

function applyHeaders(target: Headers, source: HeadersLike | undefined): void {
  if (source === undefined) return;
  for (const [name, value] of headerEntries(source)) {
    if (value === null || value === undefined) target.delete(name);
    else setHeader(target, name, value);
  }
}

/** Field values per RFC 9110 §5.5: visible ASCII, obs-text, space and tab (no CR, LF, NUL). */
const VALID_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

function setHeader(target: Headers, name: string, value: string): void {
  try {
    // Leading/trailing whitespace (a trailing newline) is dropped, as `Headers` normalizes.
    if (!VALID_VALUE.test(value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, ''))) throw new TypeError();
    target.set(name, value);
  } catch {
    const what =
      name.toLowerCase() === 'authorization' ? 'The API key' : `Header ${JSON.stringify(name)}`;
    throw new TypeError(
      `Routify: ${what} contains characters not allowed in an HTTP header (a line break, a control or non-Latin-1 character); check for a trailing newline.`,
    );
  }
}
