import {
  catalogue,
  inputInQuery,
  pathParams,
  type Catalogue,
  type Endpoint,
  type InputOf,
  type ReplyOf,
  type SectionName,
} from '../protocol/a2e-catalogue/index';
import { A2EError, unwrapReply } from './a2e-error';
import { taskReader, type WaitableFamily } from './task-readers';
import { pollTask, type TaskRecord, type TaskStart, type WaitForOptions } from './wait-for';

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

/** Optional input where nothing in it is required. */
type Method<E> = {} extends InputOf<E>
  ? (input?: InputOf<E>, options?: CallOptions) => Promise<ReplyOf<E>>
  : (input: InputOf<E>, options?: CallOptions) => Promise<ReplyOf<E>>;

/** One method per catalogue endpoint, grouped by section: `client.imageToVideo.start(...)`. */
export type A2EMethods = { [S in SectionName]: { [N in keyof Catalogue[S]]: Method<Catalogue[S][N]> } };

/**
 * A typed client of the whole A2E API, built at run time from the catalogue (so it cannot drift
 * from it) and typed from A2E's reference (openapi-typescript's types of the snapshot). Every
 * reply is A2E's `data`; every failure is an A2EError.
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
   * Waits for a task to end, polling the call that reads it (its detail call, the older
   * `video/awsResult` for avatar videos, or its list where A2E has nothing else) with backoff.
   * Pass the id, the start call's reply, or its promise. Resolves with the record once it reaches
   * its family's done value; rejects with A2ETaskFailedError at its failed value.
   */
  waitFor(family: WaitableFamily, start: TaskStart | Promise<TaskStart>, options?: WaitForOptions): Promise<TaskRecord> {
    const reader = taskReader(family);
    const read = (input: Record<string, unknown>, signal?: AbortSignal) => this.call(reader.entry.endpoint, input, signal ? { signal } : {});
    return pollTask(start, reader, read, options);
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
