import { DurableObject } from 'cloudflare:workers';

/**
 * A speak's unavoidable steps with none of the broker's code around them: the body read, one call
 * to the session's object (which counts, as the broker's does), and the speak sent to A2E with the
 * broker's headers. `GET /` is this Worker's floor, as `/health` is the broker's.
 */
interface Env {
  SESSION: DurableObjectNamespace<BareSession>;
  /** The fake A2E's origin. */
  A2E_BASE_URL: string;
}

export class BareSession extends DurableObject<Env> {
  private utterances = 0;

  utter(): { limited: boolean; count: number } {
    this.utterances++;
    return { limited: false, count: this.utterances };
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (request.method !== 'POST') return Response.json({ ok: true });
    const { text } = (await request.json()) as { text: string };
    await env.SESSION.get(env.SESSION.idFromName('bench')).utter();
    const upstream = await fetch(`${env.A2E_BASE_URL}/api/v1/streaming-avatar/speak`, {
      method: 'POST',
      headers: { Authorization: 'Bearer bench-key', Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ channel: 'bench-bare', text }),
    });
    await upstream.text();
    return Response.json({ ok: true, text });
  },
} satisfies ExportedHandler<Env>;
