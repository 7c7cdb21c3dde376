import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from './errors';

/** Every HTTP status the tests map, with the class it must become and whether it is retryable. */
export const STATUS_CASES: ReadonlyArray<[number, typeof APIError, boolean]> = [
  [400, BadRequestError, false],
  [401, AuthenticationError, false],
  [402, PaymentRequiredError, false],
  [403, PermissionDeniedError, false],
  [404, NotFoundError, false],
  [408, APIError, true],
  [409, ConflictError, true],
  [413, APIError, false],
  [422, UnprocessableEntityError, false],
  [429, RateLimitError, true],
  [500, InternalServerError, true],
  [502, InternalServerError, true],
  [503, InternalServerError, true],
  [504, InternalServerError, true],
];
