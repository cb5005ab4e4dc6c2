import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import type { AppEnv } from './env';
import { ApiError, errorResponse } from './errors';
import { healthRoutes } from './broker/health-routes';
import { brokerRoutes } from './broker/broker-routes';
import { proxyRoutes } from './proxy/proxy-routes';
import { simulatorMediaRoutes } from './simulator/media-routes';
import { simulatorUploadRoutes } from './simulator/rest/upload-routes';
import { webhookRoutes } from './webhooks/webhook-routes';

/** The whole Worker: broker, back-office proxy and the simulator's media plane. */
export const app = new Hono<AppEnv>();

app.use(requestId());
app.route('/', healthRoutes);
app.route('/v1', brokerRoutes);
app.route('/api/webhooks', webhookRoutes);
app.route('/api', proxyRoutes);
app.route('/sim', simulatorUploadRoutes);
app.route('/sim', simulatorMediaRoutes);

app.notFound((c) => errorResponse(c, new ApiError(404, 'not_found', `No route for ${c.req.method} ${c.req.path}.`)));
app.onError((err, c) => errorResponse(c, err));
