import type { MockReply } from './types';

/** OpenAI's `type` for each status the mock sends. */
function errorType(status: number): string {
  if (status === 401) return 'invalid_request_error';
  if (status === 404) return 'invalid_request_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** Fields of an OpenAI error envelope. */
export interface ErrorFields {
  message: string;
  type?: string;
  code?: string | null;
  param?: string | null;
}

/** An error reply in OpenAI's envelope: `{"error":{"message","type","param","code"}}`. */
export function errorReply(
  status: number,
  fields: ErrorFields,
  headers: Record<string, string> = {},
): MockReply {
  return {
    status,
    headers,
    kind: 'json',
    body: {
      error: {
        message: fields.message,
        type: fields.type ?? errorType(status),
        param: fields.param ?? null,
        code: fields.code ?? null,
      },
    },
  };
}

/** Thrown by validation; the handler turns it into an error reply. */
export class MockRequestError extends Error {
  readonly status: number;
  readonly fields: ErrorFields;
  constructor(status: number, fields: ErrorFields) {
    super(fields.message);
    this.name = 'MockRequestError';
    this.status = status;
    this.fields = fields;
  }
}

/** A 400 for parameter `param`. */
export function badRequest(message: string, param: string | null, code: string): MockRequestError {
  return new MockRequestError(400, { message, param, code });
}
