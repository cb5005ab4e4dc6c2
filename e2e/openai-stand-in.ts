import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An OpenAI-compatible streaming model on loopback (real HTTP, for `wrangler dev` tests and the
 * benchmark), written from OpenAI's documented format: `POST /v1/chat/completions` answers
 * `chat.completion.chunk` events and `data: [DONE]`. At the pace of the simulator's stand-in
 * (time to first token, then tokens per second, on a fixed schedule from the request), it stamps
 * each token as it writes it on this process's clock, and notes when the caller hung up before
 * the end (an interrupt reaching the model). It always answers `answer`, cut into OpenAI-like tokens.
 */
export interface OpenAiStandIn {
  url: string;
  /** Per completion: what was asked, when it arrived, each token written, and whether the caller hung up early. */
  completions: { body: unknown; authorization: string | undefined; arrived: number; tokens: { at: number; text: string }[]; hungUp: boolean }[];
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
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString());
      } catch {
        body = undefined;
      }
      const record = { body, authorization: req.headers.authorization, arrived, tokens: [] as { at: number; text: string }[], hungUp: false };
      completions.push(record);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const chunk = (delta: Record<string, string>, finish: string | null) =>
        `data: ${JSON.stringify({ id: 'stand-in', object: 'chat.completion.chunk', created: 0, model: 'stand-in', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      let i = 0;
      let finished = false;
      res.on('close', () => {
        if (!finished) record.hungUp = true;
      });
      const next = () => {
        if (record.hungUp) return;
        if (i === tokens.length) {
          finished = true;
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
