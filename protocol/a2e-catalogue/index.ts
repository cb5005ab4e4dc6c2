import type { z } from 'zod';
import type { Endpoint, SimBehaviour } from './endpoint';
import type { operations } from './generated/reference-types';
import { operationIndex, referenceSections, sectionTags, type ReferenceEndpoint } from './reference-catalogue';
import { streaming } from './sections/streaming';

/**
 * The A2E HTTP API, described once: every operation of A2E's developer reference (the snapshot
 * in reference/, kept by `npm run a2e:sync`), the few of its older documentation the reference
 * lacks (reference/older-docs.json), and the streaming-avatar section (sections/streaming.ts,
 * which the reference does not cover). It lives in protocol/ because the Worker (proxy, OpenAPI,
 * simulator) and the typed client in client/ both import it; it depends on zod only.
 */
type Index = typeof operationIndex;
type ReferenceSectionName = keyof Index;

/** An endpoint of the reference, carrying its operationId as a type so its types can be found. */
export type ReferenceEndpointOf<Id extends keyof operations> = ReferenceEndpoint & { operationId: Id };

export type Catalogue = {
  [S in ReferenceSectionName]: { [N in keyof Index[S]]: Index[S][N] extends keyof operations ? ReferenceEndpointOf<Index[S][N]> : never };
} & { streaming: typeof streaming };

export const catalogue = { ...referenceSections, streaming } as unknown as Catalogue;

export type SectionName = keyof Catalogue;

/** Section titles: A2E's tags, and ours for streaming. */
export const sectionTitles = { ...sectionTags, streaming: 'Streaming Avatar' } as Record<SectionName, string>;

/** `section.name`, e.g. `avatarVideos.videoGenerate`: the endpoint's stable id. */
export type EndpointId = { [S in SectionName]: `${S}.${keyof Catalogue[S] & string}` }[SectionName];

export interface CatalogueEntry {
  id: EndpointId;
  section: SectionName;
  name: string;
  endpoint: Endpoint;
}

/** Every endpoint as a flat list, in catalogue order. */
export function catalogueEntries(): CatalogueEntry[] {
  return Object.entries(catalogue).flatMap(([section, endpoints]) =>
    Object.entries(endpoints as Record<string, Endpoint>).map(([name, endpoint]) => ({
      id: `${section}.${name}` as EndpointId,
      section: section as SectionName,
      name,
      endpoint,
    })),
  );
}

export function entryById(id: string): CatalogueEntry | undefined {
  const [section, name] = id.split('.');
  const endpoint = (catalogue as unknown as Record<string, Record<string, Endpoint>>)[section ?? '']?.[name ?? ''];
  return endpoint ? { id: id as EndpointId, section: section as SectionName, name: name!, endpoint } : undefined;
}

export type EndpointOf<Id extends EndpointId> = Id extends `${infer S extends SectionName}.${infer N}`
  ? N extends keyof Catalogue[S]
    ? Catalogue[S][N]
    : never
  : never;

/** `{}` for an absent part (`never` or `undefined`), the part itself otherwise. */
type Part<T> = [T] extends [never] ? {} : [T] extends [undefined] ? {} : Exclude<T, undefined>;
type ParamsOf<O> = O extends { parameters: infer P }
  ? Part<P extends { path?: infer X } ? X : never> & Part<P extends { query?: infer Q } ? Q : never>
  : {};
type BodyOf<O> = O extends { requestBody?: infer B } ? (Part<B> extends { content: { 'application/json': infer J } } ? J : {}) : {};
type DataOf<O> = O extends { responses: { 200: { content: { 'application/json': infer R } } } }
  ? R extends { data?: infer D }
    ? D
    : unknown
  : unknown;

/** The input object of an endpoint: path and query parameters and body fields, as A2E types them. */
export type InputOf<E> = E extends { operationId: infer Id extends keyof operations }
  ? ParamsOf<operations[Id]> & BodyOf<operations[Id]>
  : E extends Endpoint<infer I, z.ZodType, SimBehaviour>
    ? z.input<I>
    : never;

/** The `data` of an endpoint's reply: A2E's type where it states one, `unknown` where it does not. */
export type ReplyOf<E> = E extends { operationId: infer Id extends keyof operations }
  ? DataOf<operations[Id]>
  : E extends Endpoint<z.ZodType, infer R, SimBehaviour>
    ? z.output<R>
    : never;

export * from './endpoint';
export * from './schemas';
export { FAMILIES, TASK_FAMILIES, familyOf, taskConvention, type FamilyName, type TaskFamilyName, type TaskConvention } from './task-families';
export { ReferenceEndpoint, type OperationFacts, type ParameterFacts } from './reference-catalogue';
export type { operations as ReferenceOperations, components as ReferenceComponents } from './generated/reference-types';
