import { catalogueEntries, pathParams, type CatalogueEntry, type Endpoint } from '../../protocol/a2e-catalogue/index';

/** The endpoints the check calls by default: those the catalogue marks `readOnly` (free reads). */
export function readOnlyEntries(): CatalogueEntry[] {
  return catalogueEntries().filter(({ endpoint }) => endpoint.readOnly === true);
}

/**
 * Paging in the four forms A2E's reference uses (shared/a2e-api.md, "Paging"), first page, for
 * lists that require one.
 */
const PAGING_FORMS: Record<string, unknown>[] = [
  {},
  { pageNum: 1, pageSize: 10 },
  { page: 1, page_size: 10 },
  { current: 1, pageSize: 10 },
];

/**
 * The smallest input a read-only endpoint accepts: nothing, or the first page of its paging,
 * as its input schema reads it. Undefined when it needs more (an id, a path parameter): such an
 * endpoint cannot be checked without touching a record, so it should not be marked readOnly.
 */
export function checkInput(endpoint: Endpoint): Record<string, unknown> | undefined {
  if (pathParams(endpoint.path).length > 0) return undefined;
  for (const candidate of PAGING_FORMS) {
    const parsed = endpoint.input.safeParse(candidate);
    if (parsed.success && typeof parsed.data === 'object' && parsed.data !== null) return parsed.data as Record<string, unknown>;
  }
  return undefined;
}
