// A TypeScript user of @routify/mock-server (a test file). Typechecked, never run: the runner
// compiles it as .ts (bundler), .mts and .cts (nodenext). @ts-expect-error fails if types were `any`.
import {
  createMockRoutify,
  type MockServer,
  type MockServerOptions,
  type RecordedRequest,
  startMockServer,
} from '@routify/mock-server';

export async function withServer(): Promise<number> {
  const options: MockServerOptions = { port: 0, host: '127.0.0.1', apiKey: 'sk-test' };
  const server: MockServer = await startMockServer(options);
  const url: string = server.baseURL;
  const response = await fetch(`${url}/models`, { headers: { authorization: 'Bearer sk-test' } });
  const recorded: RecordedRequest[] = server.requests;
  await server.close();
  const handler = createMockRoutify({ apiKey: 'sk-test' });
  const inProcess: Response = await handler(`${url}/models`);
  // @ts-expect-error `port` is a number
  await startMockServer({ port: 'any' });
  return response.status + inProcess.status + recorded.length;
}
