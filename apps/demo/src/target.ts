import { startMockServer } from '@routify/mock-server';
import { InvalidSettingError } from './invalid-setting-error';

/** The default Routify API base URL, used when `ROUTIFY_API_KEY` is set and `ROUTIFY_BASE_URL` is not. */
export const DEFAULT_BASE_URL = 'https://api.routify.ru/v1';

/** The key the demo sends to its embedded mock server (which accepts any non-empty key). */
const MOCK_API_KEY = 'routify-demo-local-key';

/** The API the demo talks to. */
export interface Target {
  /** `mock`: the embedded @routify/mock-server; `remote`: `ROUTIFY_BASE_URL` with `ROUTIFY_API_KEY`. */
  mode: 'mock' | 'remote';
  /** Base URL including `/v1`. */
  baseURL: string;
  /** The key sent as `Authorization: Bearer`; never printed. */
  apiKey: string;
  /** One line saying where the demo runs (print it through `redact`: the URL may hold a secret). */
  description: string;
  /** Stops the embedded server (no-op for `remote`). */
  close(): Promise<void>;
}

/** Pause between streamed chunks of the embedded server when a person is watching (ms). */
export const MOCK_PACE_MS = 12;

/**
 * Chooses the API: with a non-empty `ROUTIFY_API_KEY`, `ROUTIFY_BASE_URL` (default
 * {@link DEFAULT_BASE_URL}); without one, an in-process @routify/mock-server on a free loopback
 * port (no network needed). With `paced` (stdout is a terminal) the embedded server leaves
 * {@link MOCK_PACE_MS} between streamed chunks (its `drip` fault), so the replies visibly stream;
 * otherwise it answers at full speed.
 *
 * @throws {InvalidSettingError} with a key, when `ROUTIFY_BASE_URL` is not an absolute http(s)
 *   URL (e.g. `127.0.0.1:4747`, which lacks the scheme).
 */
export async function resolveTarget(
  env: NodeJS.ProcessEnv,
  options: { paced?: boolean } = {},
): Promise<Target> {
  const apiKey = env.ROUTIFY_API_KEY?.trim();
  if (apiKey) {
    const baseURL = env.ROUTIFY_BASE_URL?.trim() || DEFAULT_BASE_URL;
    if (!isHttpURL(baseURL)) {
      const example = baseURL.includes('://') ? '' : ` (e.g. http://${baseURL})`;
      throw new InvalidSettingError(
        `ROUTIFY_BASE_URL must be an absolute http(s) URL such as ${DEFAULT_BASE_URL} (it is "${baseURL}").\n` +
          `Set it with its http:// or https:// scheme${example}, or unset it to use ${DEFAULT_BASE_URL}.`,
      );
    }
    return {
      mode: 'remote',
      baseURL,
      apiKey,
      description: `Using the Routify API at ${baseURL} (ROUTIFY_API_KEY is set).`,
      close: async () => {},
    };
  }
  const server = await startMockServer({
    port: 0,
    host: '127.0.0.1',
    ...(options.paced ? { faults: [{ stream: true, fault: `drip; ms=${MOCK_PACE_MS}` }] } : {}),
  });
  const notes = [
    'no network needed',
    ...(options.paced ? [`replies paced at ${MOCK_PACE_MS} ms per chunk`] : []),
    ...(env.ROUTIFY_BASE_URL ? ['ROUTIFY_BASE_URL is ignored without a key'] : []),
  ];
  return {
    mode: 'mock',
    baseURL: server.baseURL,
    apiKey: MOCK_API_KEY,
    description: `No ROUTIFY_API_KEY: started the embedded mock server at ${server.baseURL} (${notes.join('; ')}).`,
    close: () => server.close(),
  };
}

/** Whether `value` parses as an absolute `http:` or `https:` URL with a host. */
function isHttpURL(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.host !== '';
}
