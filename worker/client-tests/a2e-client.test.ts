import { describe, expect, it } from 'vitest';
import { A2EClient, A2EError, A2ETaskFailedError } from '../../client/index';

/** A stand-in server: records each request and answers from a script. */
function scripted(...replies: Array<(request: Request) => Response>) {
  const requests: Request[] = [];
  let next = 0;
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(request);
    const reply = replies[Math.min(next, replies.length - 1)]!;
    next += 1;
    return reply(request);
  }) as typeof globalThis.fetch;
  return { requests, client: new A2EClient({ baseUrl: 'https://video.a2e.ai/', token: 'a2e-key', fetch }) };
}

const ok = (data: unknown) => () => Response.json({ code: 0, msg: 'success', data });
const ID = '0123456789abcdef01234567';

describe('A2EClient requests', () => {
  it('puts path parameters in the path, the rest of a GET in the query, and sends the token', async () => {
    const { client, requests } = scripted(ok({ _id: ID }), ok({ list: [], total: 0, pageNum: 2, pageSize: 5 }));
    await client.avatarVideos.get({ _id: ID });
    await client.avatarVideos.list({ pageNum: 2, pageSize: 5 });
    expect(requests[0]?.method).toBe('GET');
    expect(requests[0]?.url).toBe(`https://video.a2e.ai/api/v1/video/${ID}`);
    expect(requests[0]?.headers.get('Authorization')).toBe('Bearer a2e-key');
    expect(requests[1]?.url).toBe('https://video.a2e.ai/api/v1/video/allRecords?pageNum=2&pageSize=5');
  });

  it('sends the input of a POST as a JSON body and returns the reply data', async () => {
    const { client, requests } = scripted(ok('https://cdn.example/a.mp3'));
    const url = await client.tts.generate({ msg: 'Hi', tts_id: 'en-US-JennyNeural' });
    expect(url).toBe('https://cdn.example/a.mp3');
    expect(requests[0]?.method).toBe('POST');
    expect(requests[0]?.headers.get('Content-Type')).toBe('application/json');
    expect(await requests[0]?.json()).toEqual({ msg: 'Hi', tts_id: 'en-US-JennyNeural' });
  });

  it('encodes path parameters so they cannot change the path', async () => {
    const { client, requests } = scripted(ok({}));
    await client.dubbing.get({ _id: '../../user/x' }).catch(() => undefined);
    expect(new URL(requests[0]!.url).pathname).toBe('/api/v1/userDubbing/..%2F..%2Fuser%2Fx');
  });
});

describe('A2EClient errors', () => {
  it("throws A2E's non-zero code and msg, even with HTTP 200", async () => {
    const { client } = scripted(() => Response.json({ code: 1001, msg: 'all hosts are occupied' }));
    const err = await client.misc.remainingCredits().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(A2EError);
    expect(err).toMatchObject({ code: 1001, message: 'all hosts are occupied', status: 200 });
  });

  it("throws the broker's error shape with its code, status and request id", async () => {
    const { client } = scripted(() =>
      Response.json({ error: { code: 'upstream_timeout', message: 'A2E did not answer.', requestId: 'r-1' } }, { status: 504 }),
    );
    await expect(client.misc.remainingCredits()).rejects.toMatchObject({ code: 'upstream_timeout', status: 504, requestId: 'r-1' });
  });

  it('throws on replies that are not JSON or not A2E replies', async () => {
    const { client } = scripted(
      () => new Response('<h1>Bad Gateway</h1>', { status: 502 }),
      () => Response.json({ hello: 'world' }),
    );
    await expect(client.misc.languages()).rejects.toMatchObject({ code: 'http_error', status: 502 });
    await expect(client.misc.languages()).rejects.toMatchObject({ code: 'malformed_reply', status: 200 });
  });
});

describe('A2EClient.waitFor', () => {
  const record = (status: string, extra: object = {}) => ok({ _id: ID, name: 'n', current_status: status, createdAt: '', updatedAt: '', ...extra });

  it('polls the status endpoint until completed, reporting each record', async () => {
    const { client, requests } = scripted(record('initialized'), record('processing', { progress: 40 }), record('completed', { result_url: 'https://r' }));
    const seen: string[] = [];
    const done = await client.waitFor('dubbing', ID, { intervalMs: 1, onProgress: (r) => seen.push(r.current_status) });
    expect(done.result_url).toBe('https://r');
    expect(seen).toEqual(['initialized', 'processing', 'completed']);
    expect(requests.every((r) => r.url === `https://video.a2e.ai/api/v1/userDubbing/${ID}`)).toBe(true);
  });

  it('reads `status` where a task kind names its state so', async () => {
    const { client } = scripted(ok({ _id: ID, status: 'completed' }));
    await expect(client.waitFor('captionRemoval', { _id: ID }, { intervalMs: 1 })).resolves.toMatchObject({ status: 'completed' });
  });

  it('throws A2ETaskFailedError with failed_code and failed_message', async () => {
    const { client } = scripted(record('failed', { failed_code: 77, failed_message: 'bad face' }));
    const err = await client.waitFor('faceSwap', Promise.resolve({ _id: ID }), { intervalMs: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(A2ETaskFailedError);
    expect(err).toMatchObject({ code: 77, message: 'bad face', taskId: ID });
  });

  it('stops waiting when its signal aborts', async () => {
    const { client } = scripted(record('processing'));
    const controller = new AbortController();
    const waiting = client.waitFor('video', ID, { intervalMs: 60_000, signal: controller.signal, onProgress: () => controller.abort(new Error('enough')) });
    await expect(waiting).rejects.toThrow('enough');
  });
});
