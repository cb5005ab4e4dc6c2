import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An OpenAI-compatible streaming model on loopback for the benchmark, at the pace of the
 * simulator's stand-in (time to first token, then tokens per second, on a fixed schedule from the
 * request), stamping each token as it writes it on this process's clock, the clock the fake A2E
 * stamps speaks with. It always answers `answer`, cut into OpenAI-like tokens.
 */
export interface OpenAiStandIn {
  url: string;
  /** Per completion: when the request arrived and when each token was written. */
  completions: { arrived: number; tokens: { at: number; text: string }[] }[];
  close(): Promise<void>;
}

export function tokensOf(text: string): string[] {
  return text.match(/\s*[.,!?;:]+(?=\s|$)|\s*(?:[^\s.,!?;:]|[.,!?;:](?!\s|$))+/g) ?? [];
}

export async function startOpenAiStandIn(pace: { firstTokenMs: number; tokensPerSecond: number; answer: string }): Promise<OpenAiStandIn> {
  const completions: OpenAiStandIn['completions'] = [];
  const tokens = tokensOf(pace.answer);
  const server: Server = createServer((req, res) => {
    const arrived = performance.now();
    req.resume();
    req.on('end', () => {
      const record = { arrived, tokens: [] as { at: number; text: string }[] };
      completions.push(record);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const chunk = (delta: Record<string, string>, finish: string | null) =>
        `data: ${JSON.stringify({ id: 'bench', object: 'chat.completion.chunk', created: 0, model: 'bench', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      let i = 0;
      let stopped = false;
      res.on('close', () => (stopped = true));
      const next = () => {
        if (stopped) return;
        if (i === tokens.length) {
          res.end(`${chunk({}, 'stop')}data: [DONE]\n\n`);
          return;
        }
        const text = tokens[i++]!;
        res.write(chunk({ content: text }, null));
        record.tokens.push({ at: performance.now(), text });
        schedule();
      };
      const schedule = () => {
        const due = arrived + pace.firstTokenMs + (i * 1000) / pace.tokensPerSecond;
        setTimeout(next, Math.max(0, due - performance.now()));
      };
      schedule();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    completions,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
