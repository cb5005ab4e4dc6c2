import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AvatarsReply, SessionRtc } from '../../protocol/broker-api';
import { avatarCatalog } from '../session/avatar-catalog';

export interface CatalogHost extends ReactiveControllerHost {
  readonly server: string;
  readonly avatarId: string;
}

/**
 * The broker's avatar list (one request per page and server, shared by every element: see
 * avatarCatalog): it gives the poster, and which transport to preload. A failure only costs the
 * poster.
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

  /** Which transport the current server's sessions use; undefined while unknown or when the list failed. */
  transport(): Promise<SessionRtc['transport'] | undefined> {
    this.load();
    return this.#catalog ? this.#catalog.reply.then((r) => r.transport, () => undefined) : Promise.resolve(undefined);
  }

  hostConnected(): void {
    this.load();
  }

  load(): void {
    const { host } = this;
    if (!host.server) return;
    if (this.#catalog?.server !== host.server) {
      const reply = avatarCatalog(host.server, this.fetchImpl());
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
