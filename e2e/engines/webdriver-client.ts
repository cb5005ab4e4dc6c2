/**
 * The few W3C WebDriver commands the WebKit engine needs, over plain HTTP (fetch): a WebDriver
 * client library would be more code than this to configure for one server we start ourselves.
 * https://www.w3.org/TR/webdriver2/
 */
export class WebDriverSession {
  private readonly base: string;
  readonly id: string;
  readonly capabilities: Record<string, unknown>;

  private constructor(base: string, id: string, capabilities: Record<string, unknown>) {
    this.base = base;
    this.id = id;
    this.capabilities = capabilities;
  }

  static async create(server: string, capabilities: Record<string, unknown>): Promise<WebDriverSession> {
    const reply = (await command(server, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } })) as {
      sessionId: string;
      capabilities: Record<string, unknown>;
    };
    return new WebDriverSession(server, reply.sessionId, reply.capabilities);
  }

  send(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    return command(this.base, method, `/session/${this.id}${path}`, body);
  }

  /** Runs an async script; `done` is its last argument, as WebDriver passes it. */
  executeAsync(script: string, args: unknown[]): Promise<unknown> {
    return this.send('POST', '/execute/async', { script, args });
  }

  /** A real pointer click at viewport coordinates (WebDriver actions). */
  async clickAt(x: number, y: number): Promise<void> {
    await this.send('POST', '/actions', {
      actions: [
        {
          type: 'pointer',
          id: 'mouse',
          parameters: { pointerType: 'mouse' },
          actions: [
            { type: 'pointerMove', x: Math.round(x), y: Math.round(y), origin: 'viewport' },
            { type: 'pointerDown', button: 0 },
            { type: 'pointerUp', button: 0 },
          ],
        },
      ],
    });
    await this.send('DELETE', '/actions');
  }

  async end(): Promise<void> {
    await command(this.base, 'DELETE', `/session/${this.id}`).catch(() => undefined);
  }
}

async function command(base: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const reply = (await res.json().catch(() => ({}))) as { value?: { error?: string; message?: string } & Record<string, unknown> };
  if (!res.ok) throw new Error(`WebDriver ${method} ${path}: ${reply.value?.error ?? res.status}: ${reply.value?.message ?? ''}`);
  return reply.value;
}
