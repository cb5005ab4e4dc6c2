import {
  catalogue,
  inputInQuery,
  pathParams,
  taskStatusEndpoints,
  type Catalogue,
  type Endpoint,
  type EndpointOf,
  type InputOf,
  type ReplyOf,
  type SectionName,
  type TaskResource,
} from '../protocol/a2e-catalogue/index';
import { A2EError, unwrapReply } from './a2e-error';
import { pollTask, type TaskLike, type WaitForOptions } from './wait-for';

export interface A2EClientOptions {
  /** `https://video.a2e.ai` to call A2E directly, or the broker's origin to go through it. */
  baseUrl: string;
  /** The A2E API key directly; the broker's ADMIN_TOKEN through the broker. */
  token: string;
  /** Defaults to the global fetch; pass one to route calls elsewhere (tests, service bindings). */
  fetch?: typeof fetch;
}

export interface CallOptions {
  signal?: AbortSignal;
}

type Method<E> = {} extends InputOf<E>
  ? (input?: InputOf<E>, options?: CallOptions) => Promise<ReplyOf<E>>
  : (input: InputOf<E>, options?: CallOptions) => Promise<ReplyOf<E>>;

/** One method per catalogue endpoint, grouped by section: `client.avatarVideos.generate(...)`. */
export type A2EMethods = { [S in SectionName]: { [N in keyof Catalogue[S]]: Method<Catalogue[S][N]> } };

/** The record `waitFor` resolves with for a task kind. */
export type TaskRecordOf<K extends TaskResource> = ReplyOf<EndpointOf<(typeof taskStatusEndpoints)[K]>>;

/**
 * A typed client of the A2E API, generated at run time from the catalogue so it cannot drift
 * from it. Every reply is A2E's `data`; every failure is an A2EError.
 */
export interface A2EClient extends A2EMethods {}
export class A2EClient {
  readonly #baseUrl: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;

  constructor(options: A2EClientOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#token = options.token;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    for (const [section, endpoints] of Object.entries(catalogue)) {
      const methods: Record<string, unknown> = {};
      for (const [name, endpoint] of Object.entries(endpoints as Record<string, Endpoint>)) {
        methods[name] = (input?: Record<string, unknown>, opts?: CallOptions) => this.call(endpoint, input ?? {}, opts);
      }
      Object.defineProperty(this, section, { value: Object.freeze(methods), enumerable: true });
    }
  }

  /**
   * Waits for a task (avatar video, training, voice clone, face swap, dubbing, image-to-video,
   * caption removal) to complete, polling its status endpoint with backoff. Pass the id, the
   * record, or the promise of the start call.
   */
  waitFor<K extends TaskResource>(
    kind: K,
    start: string | { _id: string } | Promise<{ _id: string }>,
    options?: WaitForOptions<TaskRecordOf<K>>,
  ): Promise<TaskRecordOf<K>> {
    const [section, name] = taskStatusEndpoints[kind].split('.') as [SectionName, string];
    const endpoint = (catalogue[section] as Record<string, Endpoint>)[name] as Endpoint;
    const read = (id: string, signal?: AbortSignal) =>
      this.call(endpoint, { _id: id }, signal ? { signal } : {}) as Promise<TaskRecordOf<K> & TaskLike>;
    return pollTask(start, read, options);
  }

  /** Calls one endpoint: path parameters, then query or JSON body, Bearer token; unwraps `data`. */
  async call(endpoint: Endpoint, input: Record<string, unknown>, options: CallOptions = {}): Promise<unknown> {
    const rest = { ...input };
    let path = endpoint.path;
    for (const name of pathParams(endpoint.path)) {
      const value = rest[name];
      if (value === undefined || value === null || value === '') {
        throw new A2EError('bad_request', `${endpoint.method} ${endpoint.path} needs ${name}.`, 0);
      }
      path = path.replace(`{${name}}`, encodeURIComponent(String(value)));
      delete rest[name];
    }
    const url = new URL(this.#baseUrl + path);
    const headers: Record<string, string> = { Authorization: `Bearer ${this.#token}`, Accept: 'application/json' };
    let body: string | undefined;
    if (inputInQuery(endpoint.method)) {
      for (const [key, value] of Object.entries(rest)) {
        if (value === undefined || value === null) continue;
        for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
      }
    } else {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(rest);
    }
    const res = await this.#fetch(url.toString(), {
      method: endpoint.method,
      headers,
      ...(body === undefined ? {} : { body }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return unwrapReply(res);
  }
}
