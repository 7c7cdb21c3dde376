/**
 * The error a faulted body stream fails with to ask the node server to end the connection:
 * `mockSocketAction: 'reset'` = a TCP RST (`socket.resetAndDestroy()`), `'close'` = a FIN without
 * the chunked terminator (or before `content-length` bytes). Through `createMockRoutify` (no
 * socket) the client's body read rejects with this error.
 */
export class MockSocketFault extends Error {
  override readonly name = 'MockSocketFault';
  readonly mockSocketAction: 'reset' | 'close';

  constructor(action: 'reset' | 'close') {
    super(
      action === 'reset'
        ? 'Mock fault: connection reset (RST) in the middle of the body.'
        : 'Mock fault: connection closed in the middle of the body.',
    );
    this.mockSocketAction = action;
  }
}
