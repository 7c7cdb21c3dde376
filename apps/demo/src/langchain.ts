import { AIMessage, AIMessageChunk, type BaseMessage, ToolMessage } from '@langchain/core/messages';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { ChatRoutify } from '@routify/langchain';
import { createAgent, tool } from 'langchain';
import type { DemoContext } from './demo-context';
import {
  fahrenheitTool,
  parseToolOutput,
  type ReportedToolCall,
  type ReportedToolResult,
  TOOL_PROMPT,
  weatherTool,
} from './demo-tools';
import { LangChainMetrics } from './langchain-metrics';
import { SectionRecorder } from './section-recorder';
import type { SectionResult } from './step-result';
import { BOOK_PROMPT, bookSchema } from './structured-schema';

/** The prompt template of the chain step. */
export const CHAIN_TEMPLATE = 'Explain {topic} to a new developer in one short paragraph.';
/** The value the chain step fills in. */
export const CHAIN_TOPIC = 'LangChain runnables';

const compact = (value: unknown): string => JSON.stringify(value);

/** The text of a message's content (string content, or its text blocks). */
function messageText(message: BaseMessage): string {
  if (typeof message.content === 'string') return message.content;
  return message.content
    .map((block) => (block.type === 'text' && typeof block.text === 'string' ? block.text : ''))
    .join('');
}

/**
 * Section 2, LangChain with `@routify/langchain`: a streamed `prompt | model | parser` chain, a
 * LangGraph agent (`createAgent`) with two tools that needs several tool steps, and
 * `withStructuredOutput` with a zod schema.
 */
export async function runLangChainSection(context: DemoContext): Promise<SectionResult> {
  const { output } = context;
  const { cyan, green } = output.colors;
  const section = new SectionRecorder(
    'langchain',
    '2. @routify/langchain — LangChain & LangGraph',
    output,
  );
  const model = new ChatRoutify({
    model: context.model,
    apiKey: context.apiKey,
    baseURL: context.baseURL,
    timeout: context.timeoutMs,
    idleTimeout: context.timeoutMs,
  });

  await section.step(
    {
      id: 'chain',
      label: 'chain',
      title: 'prompt.pipe(new ChatRoutify()).pipe(new StringOutputParser()).stream()',
    },
    async () => {
      output.detail(output.colors.dim(`template: ${CHAIN_TEMPLATE}  (topic: ${CHAIN_TOPIC})`));
      const prompt = ChatPromptTemplate.fromTemplate(CHAIN_TEMPLATE);
      const chain = prompt.pipe(model).pipe(new StringOutputParser());
      const metrics = new LangChainMetrics(context.model);
      const printer = output.startStream();
      let text = '';
      for await (const delta of await chain.stream(
        { topic: CHAIN_TOPIC },
        { callbacks: [metrics] },
      )) {
        metrics.firstToken();
        text += delta;
        printer.write(delta);
      }
      printer.end();
      return { metrics: metrics.finish(), data: { topic: CHAIN_TOPIC, text } };
    },
  );

  await section.step(
    {
      id: 'agent',
      label: 'agent',
      title: 'LangGraph agent: createAgent({ model, tools: [get_weather, celsius_to_fahrenheit] })',
    },
    async () => {
      output.detail(output.colors.dim(`user: ${TOOL_PROMPT}`));
      const tools = [
        tool(async (input) => compact(weatherTool.run(input)), {
          name: weatherTool.name,
          description: weatherTool.description,
          schema: weatherTool.schema,
        }),
        tool(async (input) => compact(fahrenheitTool.run(input)), {
          name: fahrenheitTool.name,
          description: fahrenheitTool.description,
          schema: fahrenheitTool.schema,
        }),
      ];
      const agent = createAgent({ model, tools });
      const metrics = new LangChainMetrics(context.model);
      const printer = output.startStream();
      const toolCalls: ReportedToolCall[] = [];
      const toolResults: ReportedToolResult[] = [];
      let answer = '';
      let streamed = '';
      const stream = await agent.stream(
        { messages: [{ role: 'user', content: TOOL_PROMPT }] },
        { streamMode: ['updates', 'messages'], callbacks: [metrics] },
      );
      for await (const [mode, payload] of stream as AsyncIterable<[string, unknown]>) {
        if (mode === 'messages') {
          // Token stream of the model node: print the answer text as it arrives.
          const [chunk] = payload as [BaseMessage, Record<string, unknown>];
          if (AIMessageChunk.isInstance(chunk)) {
            const delta = messageText(chunk);
            streamed += delta;
            printer.write(delta);
          }
          continue;
        }
        // Node updates: the model's tool calls, then the tools' results.
        for (const update of Object.values(
          payload as Record<string, { messages?: BaseMessage[] }>,
        )) {
          for (const message of update?.messages ?? []) {
            if (AIMessage.isInstance(message) && message.tool_calls?.length) {
              for (const call of message.tool_calls) {
                toolCalls.push({ name: call.name, args: call.args });
                printer.line(cyan(`→ ${call.name}(${compact(call.args)})`));
              }
              printer.wait('running tools…');
            } else if (ToolMessage.isInstance(message)) {
              const content = messageText(message);
              toolResults.push({ name: message.name ?? '', result: parseToolOutput(content) });
              printer.line(green(`← ${message.name}: ${content}`));
              printer.wait('waiting for the model…');
            } else if (AIMessage.isInstance(message)) {
              answer = messageText(message);
            }
          }
        }
      }
      // A model that did not stream its answer still shows it.
      if (streamed === '' && answer !== '') printer.write(answer);
      printer.end();
      return {
        metrics: metrics.finish(),
        data: {
          prompt: TOOL_PROMPT,
          modelCalls: metrics.calls,
          toolCalls,
          toolResults,
          text: answer,
        },
      };
    },
  );

  await section.step(
    {
      id: 'structured-output',
      label: 'withStructuredOutput',
      title: 'model.withStructuredOutput(zodSchema)',
    },
    async () => {
      output.detail(output.colors.dim(`user: ${BOOK_PROMPT}`));
      const metrics = new LangChainMetrics(context.model);
      // functionCalling (the default): the schema becomes one tool, forced with tool_choice.
      const structured = model.withStructuredOutput(bookSchema, { name: 'book' });
      const printer = output.startStream();
      // Streamed: the forced tool call's arguments (the JSON) are printed as they arrive.
      metrics.onChunk = (chunk) => {
        const message = chunk.message;
        if (!AIMessageChunk.isInstance(message)) return;
        for (const piece of message.tool_call_chunks ?? []) {
          if (piece.args) printer.write(piece.args);
        }
      };
      let result: unknown;
      for await (const value of await structured.stream(BOOK_PROMPT, { callbacks: [metrics] })) {
        result = value;
      }
      // Guard the demo's claim: what came back is a whole book, not an empty or partial object.
      const object = bookSchema.parse(result);
      printer.line(green('✓ parsed and validated against the zod schema'));
      printer.end();
      return { metrics: metrics.finish(), data: { prompt: BOOK_PROMPT, object } };
    },
  );

  return section.result();
}
