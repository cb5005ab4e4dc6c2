import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../env';
import { ApiError, errorResponse } from '../errors';
import { brokerCors } from './broker-cors';
import { MAX_BODY_BYTES } from './request-schemas';
import { avatarsRoutes } from './avatars-routes';
import { createSessionRoutes } from './create-session-routes';
import { sessionRoutes } from './session-routes';
import { transcribeRoutes } from '../stt/transcribe-routes';
import { interruptRoutes } from './interrupt-routes';
import { noReferrer } from './ticket-carrier';

/** Browser-facing broker routes under /v1 (DESIGN.md, "Broker API"). */
export const brokerRoutes = new Hono<AppEnv>();

brokerRoutes.use(brokerCors);
// Audio is bigger than any JSON call: transcribe bounds its own body (2 MiB, stt/utterance-upload.ts).
// A plain condition rather than hono/combine's `except`, which composes a new middleware chain on
// every request, and every speak passes here.
const limitJsonBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) => errorResponse(c, new ApiError(413, 'payload_too_large', `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`)),
});
const TRANSCRIBE_PATH = /\/sessions\/[^/]+\/transcribe$/;
brokerRoutes.use((c, next) => (TRANSCRIBE_PATH.test(c.req.path) ? next() : limitJsonBody(c, next)));
// Replies that carry or answer a ticket pass nothing of their URL on (ticket-carrier.ts).
brokerRoutes.use('/sessions/*', noReferrer);
brokerRoutes.route('/', avatarsRoutes);
brokerRoutes.route('/sessions', createSessionRoutes);
brokerRoutes.route('/sessions', sessionRoutes);
brokerRoutes.route('/sessions', transcribeRoutes);
brokerRoutes.route('/sessions', interruptRoutes);
