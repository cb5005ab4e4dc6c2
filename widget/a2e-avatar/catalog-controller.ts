import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AvatarsReply, SessionRtc } from '../../protocol/broker-api';
import { BrokerClient } from '../session/broker-client';

export interface CatalogHost extends ReactiveControllerHost {
  readonly server: string;
  readonly avatarId: string;
}

/**
 * The broker's avatar list, fetched once per server: it gives the poster, and which transport
 * to preload. A failure only costs the poster.
 */
export class CatalogController implements ReactiveController {
  #catalog: { server: string; reply: Promise<AvatarsReply> } | undefined;
  #poster = '';

  constructor(
    private readonly host: CatalogHost,
    private readonly fetchImpl: () => typeof fetch | undefined,
    /** Where the transport kind is known early, its code can load before connecting. */
    private readonly hintTransport: (kind: Promise<SessionRtc['transport'] | undefined>) => void,
  ) {
    host.addController(this);
  }

  /** The avatar's preview image as an absolute URL, or '' while unknown. */
  get poster(): string {
    return this.#poster;
  }

  hostConnected(): void {
    this.load();
  }

  load(): void {
    const { host } = this;
    if (!host.server) return;
    if (this.#catalog?.server !== host.server) {
      const reply = new BrokerClient(host.server, this.fetchImpl()).avatars();
      this.#catalog = { server: host.server, reply };
      this.hintTransport(reply.then((r) => r.transport).catch(() => undefined));
    }
    const { server, reply } = this.#catalog;
    reply.then(
      (r) => {
        if (server !== host.server) return;
        const preview = r.avatars.find((a) => a.id === host.avatarId)?.previewImageUrl;
        // The broker may answer with a path on itself.
        this.#setPoster(preview ? new URL(preview, `${server}/`).href : '');
      },
      () => {},
    );
  }

  #setPoster(poster: string): void {
    if (poster === this.#poster) return;
    this.#poster = poster;
    this.host.requestUpdate();
  }
}
