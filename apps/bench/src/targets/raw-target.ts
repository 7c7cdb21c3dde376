import type { Target, TargetContext } from './target';
import { PROMPT_TEXT } from './target';

interface RawChunk {
  choices?: { delta?: { content?: string | null } }[];
}

interface RawCompletion {
  choices?: { message?: { content?: string | null } }[];
}

/**
 * The practical limit: `fetch` + one streaming `TextDecoder` + `split('\n\n')` + `JSON.parse`,
 * nothing else (no CR handling, no error chunks, no timeouts — not a usable client).
 */
export function createRawTarget(context: TargetContext): Target {
  const doFetch = context.fetch ?? fetch;
  const url = `${context.baseURL}/chat/completions`;
  const headers = {
    authorization: `Bearer ${context.apiKey}`,
    'content-type': 'application/json',
  };
  const post = (model: string, stream: boolean): Promise<Response> =>
    doFetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ model, messages: [{ role: 'user', content: PROMPT_TEXT }], stream }),
    });
  return {
    id: 'raw',
    layer: 'transport',
    streamLabel: 'raw fetch + TextDecoder + split + JSON.parse',
    requestLabel: 'raw fetch + JSON.parse',
    ours: true,
    async stream(model, onText) {
      const response = await post(model, true);
      if (!response.ok || response.body === null) throw new Error(`raw: HTTP ${response.status}`);
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) throw new Error('raw: the stream ended without [DONE]');
        buffer += decoder.decode(value, { stream: true });
        const events = buffer.split('\n\n');
        buffer = events.pop() ?? '';
        for (const event of events) {
          if (!event.startsWith('data: ')) continue;
          const data = event.slice(6);
          if (data === '[DONE]') {
            await reader.cancel();
            return;
          }
          const text = (JSON.parse(data) as RawChunk).choices?.[0]?.delta?.content;
          if (text) onText(text);
        }
      }
    },
    async request(model) {
      const response = await post(model, false);
      if (!response.ok) throw new Error(`raw: HTTP ${response.status}`);
      const completion = JSON.parse(await response.text()) as RawCompletion;
      return completion.choices?.[0]?.message?.content ?? '';
    },
  };
}
