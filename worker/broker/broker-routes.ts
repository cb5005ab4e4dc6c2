import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../env';
import { ApiError, errorResponse } from '../errors';
import { corsOptions } from './origin-policy';
import { MAX_BODY_BYTES } from './request-schemas';
import { avatarsRoutes } from './avatars-routes';
import { createSessionRoutes } from './create-session-routes';
import { sessionRoutes } from './session-routes';
import { interruptRoutes } from './interrupt-routes';
import { noReferrer } from './ticket-carrier';

/** Browser-facing broker routes under /v1 (DESIGN.md, "Broker API"). */
export const brokerRoutes = new Hono<AppEnv>();

brokerRoutes.use(cors(corsOptions));
brokerRoutes.use(
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) =>
      errorResponse(c, new ApiError(413, 'payload_too_large', `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`)),
  }),
);
// Replies that carry or answer a ticket pass nothing of their URL on (ticket-carrier.ts).
brokerRoutes.use('/sessions/*', noReferrer);
brokerRoutes.route('/', avatarsRoutes);
brokerRoutes.route('/sessions', createSessionRoutes);
brokerRoutes.route('/sessions', sessionRoutes);
brokerRoutes.route('/sessions', interruptRoutes);
