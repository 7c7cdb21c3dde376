// The errors ChatRoutify throws are @routify/core's; re-exported so users need no second import.
export {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  IncompleteStreamError,
  InternalServerError,
  MissingAPIKeyError,
  NotFoundError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
  RoutifyError,
  StreamError,
  UnprocessableEntityError,
} from '@routify/core';
export { ChatRoutify } from './chat-routify';
export { ChatRoutifyBinding } from './chat-routify-binding';
export type {
  ChatRoutifyCallOptions,
  ChatRoutifyInput,
  ChatRoutifyRequestSettings,
  RoutifyReasoningEffort,
  RoutifyReasoningSummary,
  RoutifyToolChoice,
  RoutifyVerbosity,
} from './chat-routify-input';
export { UnsupportedContentBlockError } from './convert-content';
export { InvalidToolError } from './convert-tools';
export { MODEL_PROFILES } from './model-profiles';
export type { RoutifyStructuredOutputMethod } from './structured-output';
export { VERSION } from './version';
