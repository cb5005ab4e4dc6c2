import { z } from 'zod';
import { endpoint } from '../endpoint';
import { byId, deleted, isoDate, noInput, objectId } from '../schemas';

const apiToken = z.looseObject({ _id: objectId, name: z.string(), token: z.string(), createdAt: isoDate });

/** Tokens (shared/a2e-api.md: "under /api/v1/user/…", likely). */
export const tokens = {
  login: endpoint({
    method: 'POST',
    path: '/api/v1/user/login',
    summary: 'Obtain a login token for an account',
    confidence: 'likely',
    input: z.object({ email: z.email(), password: z.string().min(1) }),
    reply: z.looseObject({ token: z.string(), expiresAt: isoDate.optional() }),
    sim: { action: 'custom' },
  }),
  createApiToken: endpoint({
    method: 'POST',
    path: '/api/v1/user/apiToken',
    summary: 'Get (create) an API token',
    confidence: 'likely',
    input: z.object({ name: z.string().min(1).optional() }),
    reply: apiToken,
    sim: { action: 'create', resource: 'apiToken' },
  }),
  listApiTokens: endpoint({
    method: 'GET',
    path: '/api/v1/user/apiTokens',
    summary: 'List API tokens',
    confidence: 'likely',
    input: noInput,
    reply: z.array(apiToken),
    sim: { action: 'list', resource: 'apiToken', paged: false },
  }),
  deleteApiToken: endpoint({
    method: 'DELETE',
    path: '/api/v1/user/apiToken/{_id}',
    summary: 'Delete an API token',
    confidence: 'likely',
    input: byId,
    reply: deleted,
    sim: { action: 'delete', resource: 'apiToken' },
  }),
};
