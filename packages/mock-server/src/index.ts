export { DEFAULT_MODELS } from './catalog';
export { createMockRoutify, type MockRoutifyFetch } from './create-mock-routify';
export {
  FAULT_HEADER,
  MockFaultError,
  type MockFaultGroup,
  type MockFaultName,
  type MockFaultRule,
  type MockFaultSpec,
  type MockFaultsOption,
  MockSocketFault,
  parseFaultSpec,
} from './faults/index';
export { type MockServer, startMockServer } from './node-server';
export { encodeSseEvent, type RenderContext, renderReply } from './render-reply';
export { countTokens, tokenize } from './tokenize';
export type {
  ChatMessage,
  ChatRequestBody,
  ContentPart,
  MockChatRequest,
  MockModel,
  MockModelCapabilities,
  MockReply,
  MockReplySpec,
  MockReplyTransform,
  MockRespondResult,
  MockRoutifyOptions,
  MockServerOptions,
  MockServerState,
  MockToolCallSpec,
  MockUsageSpec,
  RecordedRequest,
  WireToolCall,
} from './types';
export { VERSION } from './version';
