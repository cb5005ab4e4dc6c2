import type { SimAvatar } from './sim-avatars';

/**
 * A friendly head-and-shoulders portrait of a simulated avatar, drawn as SVG so the demo works
 * offline. Colours come from the avatar's appearance and are fixed strings of our own table,
 * never user input, so interpolating them is safe.
 */
export function avatarPortraitSvg(avatar: SimAvatar): string {
  const { skin, hair, background } = avatar.appearance;
  const longHair = avatar.appearance.hairStyle === 'long';
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 400" width="320" height="400" role="img" aria-label="${avatar.name}">
  <rect width="320" height="400" fill="${background}"/>
  ${longHair ? `<path d="M78 170 Q70 330 110 340 L210 340 Q250 330 242 170 Z" fill="${hair}"/>` : ''}
  <path d="M40 400 Q50 300 160 290 Q270 300 280 400 Z" fill="#4a6fa5"/>
  <rect x="140" y="240" width="40" height="60" rx="14" fill="${skin}"/>
  <ellipse cx="160" cy="180" rx="78" ry="92" fill="${skin}"/>
  <path d="M82 168 Q84 82 160 80 Q236 82 238 168 Q214 118 160 116 Q106 118 82 168 Z" fill="${hair}"/>
  <ellipse cx="132" cy="182" rx="8" ry="10" fill="#2b2b2b"/>
  <ellipse cx="188" cy="182" rx="8" ry="10" fill="#2b2b2b"/>
  <path d="M120 160 Q132 152 144 160 M176 160 Q188 152 200 160" stroke="${hair}" stroke-width="5" fill="none" stroke-linecap="round"/>
  <path d="M160 190 Q154 210 162 214" stroke="#00000033" stroke-width="4" fill="none" stroke-linecap="round"/>
  <path d="M136 232 Q160 252 184 232" stroke="#a0504a" stroke-width="6" fill="none" stroke-linecap="round"/>
</svg>
`;
}
