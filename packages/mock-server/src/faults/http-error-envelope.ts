/** One row of `HTTP_FAULT_ERRORS`: the envelope fields a status gets by default. */
export interface HttpFaultError {
  readonly type: string;
  readonly code: string;
  readonly message: string;
}

/**
 * Default envelope fields per status for `http-<status>` faults, in OpenAI's error shape
 * (`{"error":{"message","type","code","param"}}`, as `routify-api.md` § Errors) with codes and
 * messages like OpenRouter's (https://openrouter.ai/docs/api-reference/errors).
 */
export const HTTP_FAULT_ERRORS: Readonly<Record<number, HttpFaultError>> = {
  400: {
    type: 'invalid_request_error',
    code: 'invalid_request',
    message: 'Invalid request (mock fault).',
  },
  401: {
    type: 'authentication_error',
    code: 'invalid_api_key',
    message: 'Invalid API key (mock fault).',
  },
  402: {
    type: 'billing_error',
    code: 'insufficient_balance',
    message: 'Insufficient balance: top up your account (mock fault).',
  },
  403: {
    type: 'permission_error',
    code: 'permission_denied',
    message: 'This key may not use this model (mock fault).',
  },
  404: {
    type: 'invalid_request_error',
    code: 'model_not_found',
    message: 'The model does not exist (mock fault).',
  },
  408: {
    type: 'timeout_error',
    code: 'request_timeout',
    message: 'The request timed out (mock fault).',
  },
  409: {
    type: 'conflict_error',
    code: 'conflict',
    message: 'A conflicting request is in progress (mock fault).',
  },
  413: {
    type: 'invalid_request_error',
    code: 'request_too_large',
    message: 'The request is too large (mock fault).',
  },
  422: {
    type: 'invalid_request_error',
    code: 'unprocessable_entity',
    message: 'The request could not be processed (mock fault).',
  },
  429: {
    type: 'rate_limit_error',
    code: 'rate_limit_exceeded',
    message: 'Rate limit exceeded; retry later (mock fault).',
  },
  500: {
    type: 'server_error',
    code: 'internal_error',
    message: 'Internal server error (mock fault).',
  },
  502: {
    type: 'upstream_error',
    code: 'bad_gateway',
    message: 'All upstream providers failed (mock fault).',
  },
  503: {
    type: 'server_error',
    code: 'service_unavailable',
    message: 'No provider is available for this request (mock fault).',
  },
  504: {
    type: 'upstream_error',
    code: 'gateway_timeout',
    message: 'The upstream provider timed out (mock fault).',
  },
};

/** The envelope defaults for any status (a generic row for statuses not in `HTTP_FAULT_ERRORS`). */
export function httpFaultError(status: number): HttpFaultError {
  return (
    HTTP_FAULT_ERRORS[status] ?? {
      type: status >= 500 ? 'server_error' : 'invalid_request_error',
      code: `http_${status}`,
      message: `HTTP ${status} (mock fault).`,
    }
  );
}

/** `{"error":{"message","type","param":null,"code"}}` (the key order of the mock's own errors). */
export function errorEnvelope(error: { message: string; type: string; code: string | number }): {
  error: { message: string; type: string; param: null; code: string | number };
} {
  return { error: { message: error.message, type: error.type, param: null, code: error.code } };
}
