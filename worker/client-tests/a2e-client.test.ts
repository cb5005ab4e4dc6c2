import { describe, expect, it } from 'vitest';
import { A2EClient, A2EError, A2ETaskFailedError, TASK_FAMILIES } from '../../client/index';
import { taskReader, UNREADABLE, type WaitableFamily } from '../../client/task-readers';
import { taskConvention } from '../../protocol/a2e-catalogue/index';

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
const FAST = { intervalMs: 1 };

describe('A2EClient requests', () => {
  it('puts path parameters in the path, the rest of a GET in the query, and sends the token', async () => {
    const { client, requests } = scripted(ok({ _id: ID }), ok({ rows: [], count: 0 }), ok([]));
    await client.imageToVideo.get({ _id: ID });
    await client.imageToVideo.allRecords({ pageNum: 2, pageSize: 5 });
    await client.gptImage.list({ page: 3, page_size: 20 });
    expect(requests[0]?.method).toBe('GET');
    expect(requests[0]?.url).toBe(`https://video.a2e.ai/api/v1/userImage2Video/${ID}`);
    expect(requests[0]?.headers.get('Authorization')).toBe('Bearer a2e-key');
    expect(requests[1]?.url).toBe('https://video.a2e.ai/api/v1/userImage2Video/allRecords?pageNum=2&pageSize=5');
    expect(requests[2]?.url).toBe('https://video.a2e.ai/api/v1/userGptImage/list?page=3&page_size=20');
  });

  it('sends the input of a POST as a JSON body and returns the reply data', async () => {
    const { client, requests } = scripted(ok('https://cdn.example/a.mp3'));
    const url = await client.tts.videoSendTts({ msg: 'Hi', tts_id: ID, speechRate: 1.2 });
    expect(url).toBe('https://cdn.example/a.mp3');
    expect(requests[0]?.method).toBe('POST');
    expect(requests[0]?.headers.get('Content-Type')).toBe('application/json');
    expect(await requests[0]?.json()).toEqual({ msg: 'Hi', tts_id: ID, speechRate: 1.2 });
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
    await expect(client.account.userRemainingCoins()).rejects.toMatchObject({ code: 1001, message: 'all hosts are occupied', status: 200 });
  });

  it("reads the reference's error body and its success body", async () => {
    const { client } = scripted(
      () => Response.json({ success: false, error: 'Invalid _id', code: 'BAD_ID', timestamp: '2026-01-01T00:00:00Z' }, { status: 400 }),
      () => Response.json({ success: true, data: { _id: ID, current_status: 'completed' }, timestamp: '2026-01-01T00:00:00Z' }),
    );
    await expect(client.tts.getVoice({ _id: 'x' })).rejects.toMatchObject({ code: 'BAD_ID', message: 'Invalid _id', status: 400 });
    await expect(client.tts.getVoice({ _id: ID })).resolves.toMatchObject({ current_status: 'completed' });
  });

  it("throws the broker's error shape with its code, status and request id", async () => {
    const { client } = scripted(() => Response.json({ error: { code: 'upstream_timeout', message: 'A2E did not answer.', requestId: 'r-1' } }, { status: 504 }));
    await expect(client.account.userRemainingCoins()).rejects.toMatchObject({ code: 'upstream_timeout', status: 504, requestId: 'r-1' });
  });

  it('throws on replies that are not JSON or not A2E replies', async () => {
    const { client } = scripted(() => new Response('<h1>Bad Gateway</h1>', { status: 502 }), () => Response.json({ hello: 'world' }));
    await expect(client.tts.anchorTtsList()).rejects.toMatchObject({ code: 'http_error', status: 502 });
    await expect(client.tts.anchorTtsList()).rejects.toMatchObject({ code: 'malformed_reply', status: 200 });
  });
});

describe('A2EClient.waitFor knows each family', () => {
  const waitable = TASK_FAMILIES.filter((f) => !(UNREADABLE as readonly string[]).includes(f)) as WaitableFamily[];

  it.each(waitable)('%s: polls its reader until the done value of its status field', async (family) => {
    const { statusField, states, done, resultField } = taskConvention(family)!;
    const reader = taskReader(family);
    const record = (state: string, extra: object = {}) => ({ _id: ID, [statusField]: state, ...extra });
    // A detail answers the record (awsResult: an array of one); a list answers rows in either shape.
    const shape = (r: object) => (reader.kind === 'list' ? { rows: [{ _id: 'ffffffffffffffffffffffff' }, r], count: 2 } : reader.entry.endpoint.path.endsWith('awsResult') ? [r] : r);
    const { client, requests } = scripted(ok(shape(record(states[0]!))), ok(shape(record(states.at(-1)!))), ok(shape(record(done, { [resultField]: 'https://r' }))));
    const seen: unknown[] = [];
    const finished = await client.waitFor(family, { _id: ID }, { ...FAST, onProgress: (r) => seen.push(r[statusField]) });
    expect(finished[resultField]).toBe('https://r');
    expect(seen).toEqual([states[0], states.at(-1), done]);
    expect(new URL(requests[0]!.url).pathname).toBe(reader.entry.endpoint.path.replace(/\{\w+\}/, ID));
  });

  it.each(waitable)('%s: throws A2ETaskFailedError at its failed value', async (family) => {
    const { statusField, failed, failedCodeField, failedMessageField } = taskConvention(family)!;
    const reader = taskReader(family);
    const record = { _id: ID, [statusField]: failed, [failedCodeField]: 'E42', [failedMessageField]: 'bad input' };
    const { client } = scripted(ok(reader.kind === 'list' ? [record] : reader.entry.endpoint.path.endsWith('awsResult') ? [record] : record));
    const err = await client.waitFor(family, ID, FAST).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(A2ETaskFailedError);
    expect(err).toMatchObject({ code: 'E42', message: 'bad input', taskId: ID });
  });

  it('reads voice training\'s pendding as still running and avatar videos\' status from awsResult', async () => {
    const voice = scripted(ok({ _id: ID, current_status: 'pendding' }), ok({ _id: ID, current_status: 'completed', speaker_id: 's' }));
    await expect(voice.client.waitFor('voiceClone', ID, FAST)).resolves.toMatchObject({ speaker_id: 's' });
    const video = scripted(ok([{ _id: ID, status: 'copy', process: 90 }]), ok([{ _id: ID, status: 'success', result: 'https://v.mp4' }]));
    await expect(video.client.waitFor('avatarVideo', ID, FAST)).resolves.toMatchObject({ result: 'https://v.mp4' });
    expect(video.requests[0]?.method).toBe('POST');
    expect(await video.requests[0]?.json()).toEqual({ _id: ID });
  });

  it('finds a task in a list not yet holding it, then in either list shape', async () => {
    const { client } = scripted(ok({ rows: [], count: 0 }), ok([{ _id: ID, current_status: 'processing' }]), ok({ rows: [{ _id: ID, current_status: 'completed' }], count: 1 }));
    await expect(client.waitFor('seedance15', ID, FAST)).resolves.toMatchObject({ current_status: 'completed' });
  });

  it("takes a start call's reply: a record, an array of them (text to image), or its promise", async () => {
    const { client, requests } = scripted(ok({ _id: ID, current_status: 'completed', image_urls: ['https://i.png'] }));
    await client.waitFor('textToImage', [{ _id: ID, current_status: 'initialized' }], FAST);
    await client.waitFor('textToImage', Promise.resolve({ _id: ID }), FAST);
    expect(requests).toHaveLength(2);
    await expect(client.waitFor('textToImage', {}, FAST)).rejects.toBeInstanceOf(A2EError);
  });

  it('stops waiting when its signal aborts', async () => {
    const { client } = scripted(ok({ _id: ID, current_status: 'processing' }));
    const controller = new AbortController();
    const waiting = client.waitFor('dubbing', ID, { intervalMs: 60_000, signal: controller.signal, onProgress: () => controller.abort(new Error('enough')) });
    await expect(waiting).rejects.toThrow('enough');
  });
});
