/**
 * Custom Elements Manifest for editors and frameworks (`npm run build:widget` writes
 * custom-elements.json). Lit's internal reactive state (`_name`, `static properties` with
 * `state: true`) and `#private` members are not API, so they are dropped from the manifest.
 */
export default {
  globs: ['widget/a2e-avatar/a2e-avatar-options.ts', 'widget/a2e-avatar/a2e-avatar.ts', 'widget/a2e-avatar/define.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      name: 'a2e-public-api-only',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const decl of mod.declarations ?? []) {
            decl.attributes = decl.attributes?.filter((a) => !a.name.startsWith('_'));
            decl.members = decl.members?.filter((m) => m.privacy !== 'private' && !m.name.startsWith('#') && !m.name.startsWith('_'));
          }
        }
      },
    },
  ],
};
