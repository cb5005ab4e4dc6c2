import type { AvatarSummary } from '../../protocol/broker-api';

/**
 * The avatar tiles: preview image (or initials where the image is missing or broken) and name,
 * as a radio group, so keyboard users move through it with the arrow keys.
 */
export class AvatarPicker {
  #avatars: AvatarSummary[] = [];
  #selected: string | undefined;

  constructor(
    private readonly grid: HTMLElement,
    private readonly onSelect: (avatar: AvatarSummary) => void,
  ) {
    grid.addEventListener('keydown', (event) => this.#onKey(event));
    for (let i = 0; i < 4; i++) grid.append(Object.assign(document.createElement('div'), { className: 'skeleton' }));
  }

  get selected(): AvatarSummary | undefined {
    return this.#avatars.find((avatar) => avatar.id === this.#selected);
  }

  render(avatars: AvatarSummary[], selectedId: string | undefined): void {
    this.#avatars = avatars;
    this.grid.replaceChildren(...avatars.map((avatar) => this.#tile(avatar)));
    this.select(avatars.find((avatar) => avatar.id === selectedId)?.id ?? avatars[0]?.id, false);
  }

  select(id: string | undefined, notify = true): void {
    this.#selected = id;
    for (const tile of this.grid.querySelectorAll<HTMLButtonElement>('.avatar-tile')) {
      const on = tile.dataset.avatarId === id;
      tile.setAttribute('aria-checked', String(on));
      tile.tabIndex = on ? 0 : -1;
    }
    const avatar = this.selected;
    if (avatar && notify) this.onSelect(avatar);
  }

  #tile(avatar: AvatarSummary): HTMLButtonElement {
    const tile = document.createElement('button');
    tile.type = 'button';
    tile.className = 'avatar-tile';
    tile.setAttribute('role', 'radio');
    tile.dataset.avatarId = avatar.id;
    tile.title = avatar.name;
    tile.append(avatarFace(avatar, 'lazy'));
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = avatar.name;
    tile.append(name);
    tile.addEventListener('click', () => this.#selected !== avatar.id && this.select(avatar.id));
    return tile;
  }

  #onKey(event: KeyboardEvent): void {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (!step || this.#avatars.length === 0) return;
    event.preventDefault();
    const index = this.#avatars.findIndex((avatar) => avatar.id === this.#selected);
    const next = this.#avatars[(index + step + this.#avatars.length) % this.#avatars.length]!;
    this.select(next.id);
    this.grid.querySelector<HTMLElement>(`[data-avatar-id="${CSS.escape(next.id)}"]`)?.focus();
  }
}

/** The avatar's preview image, falling back to its initials on a gradient when there is none. */
export function avatarFace(avatar: AvatarSummary, loading: 'lazy' | 'eager' = 'eager'): HTMLElement {
  const initials = () => {
    const span = document.createElement('span');
    span.className = 'initials';
    span.textContent = avatar.name
      .split(/\s+/)
      .slice(0, 2)
      .map((word) => word[0]?.toUpperCase() ?? '')
      .join('');
    return span;
  };
  if (!avatar.previewImageUrl) return initials();
  const img = document.createElement('img');
  img.src = avatar.previewImageUrl;
  img.alt = '';
  img.loading = loading;
  img.decoding = 'async';
  img.addEventListener('error', () => img.replaceWith(initials()), { once: true });
  return img;
}
