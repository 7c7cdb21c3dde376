// Fault injection (issue 5). Each mock builds one transform with `createFaultTransform(options.faults)`
// and renders every reply through `renderReply` with it.
export { createFaultTransform } from './create-fault-transform';
export type { MockFaultGroup, MockFaultName } from './fault-catalog';
export { MockFaultError } from './mock-fault-error';
export { MockSocketFault } from './mock-socket-fault';
export { type MockFaultSpec, parseFaultSpec } from './parse-fault-spec';
export { FAULT_HEADER, type MockFaultRule, type MockFaultsOption } from './select-faults';
