/**
 * Thrown (options) or answered as a 400 (the `x-mock-fault` header) when a fault spec cannot be
 * used: unknown fault name, unknown or malformed parameter, two faults that each decide how the
 * reply ends, or a fault that does not fit the reply (a stream fault on a JSON request).
 * The message names the problem and the fix; `code` is a stable machine-readable reason.
 */
export class MockFaultError extends Error {
  override readonly name = 'MockFaultError';
  /** `invalid_mock_fault` (the spec is wrong) or `mock_fault_not_applicable` (it does not fit the reply). */
  readonly code: 'invalid_mock_fault' | 'mock_fault_not_applicable';

  constructor(message: string, code: MockFaultError['code'] = 'invalid_mock_fault') {
    super(message);
    this.code = code;
  }
}
