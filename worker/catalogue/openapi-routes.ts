import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { buildOpenApiDocument, type OpenApiDocument } from '../../protocol/a2e-catalogue/openapi';
import { renderDocsPage } from './docs-page';

/** Built once per origin: the catalogue does not change while the Worker runs. */
const documents = new Map<string, OpenApiDocument>();

function documentFor(origin: string): OpenApiDocument {
  let document = documents.get(origin);
  if (!document) {
    document = buildOpenApiDocument(origin);
    documents.set(origin, document);
  }
  return document;
}

/**
 * The A2E API's OpenAPI 3.1 document and a readable page of it. Public: they hold the catalogue
 * only, no secret and no account data. Mounted under /api by proxy-routes.
 */
export const openApiRoutes = new Hono<AppEnv>()
  // Any origin may read it (API tools load it cross-origin); it is public by design.
  .get('/openapi.json', (c) =>
    c.json(documentFor(new URL(c.req.url).origin), 200, {
      'Cache-Control': 'public, max-age=300',
      'Access-Control-Allow-Origin': '*',
    }),
  )
  .get('/docs', (c) =>
    c.html(renderDocsPage(documentFor(new URL(c.req.url).origin)), 200, {
      'Cache-Control': 'public, max-age=300',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    }),
  );
