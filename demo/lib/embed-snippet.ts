/**
 * The exact HTML a site pastes to get what the demo shows: the element for an inline avatar, or
 * the support launcher. Attribute values are escaped, so any avatar id, URL or FAQ pastes safely.
 */
export type EmbedKind = 'element' | 'support';

export interface EmbedOptions {
  kind: EmbedKind;
  server: string;
  avatarId: string;
  /** The QA context to carry in the snippet, if the developer wants it there. */
  context?: string;
}

export function embedSnippet({ kind, server, avatarId, context }: EmbedOptions): string {
  const origin = new URL(server).origin;
  const attrs = [`server="${escapeAttr(origin)}"`, `avatar-id="${escapeAttr(avatarId)}"`];
  if (context?.trim()) attrs.push(`context="${escapeAttr(context.trim())}"`);
  const script =
    kind === 'support'
      ? `<script src="${escapeAttr(origin)}/a2e-support.js" defer></script>`
      : `<script type="module" src="${escapeAttr(origin)}/a2e-avatar.js"></script>`;
  const tag = kind === 'support' ? 'a2e-support' : 'a2e-avatar';
  return `${script}\n<${tag} ${attrs.join(' ')}></${tag}>`;
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
