import express, { type NextFunction, type Request, type Response } from 'express';
import { ApiError } from '../api-error';
import type { SandboxControl } from '../control';
import type { SandboxState } from '../state';
import { apiRouter } from './api-router';
import { controlRouter } from './control-routes';
import { oauthRouter } from './oauth-routes';
import { phoneRouter } from './phone-routes';
import { sendError } from './respond';

export function createApp(state: SandboxState, control: SandboxControl): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Google's Date header is Google's clock: the sandbox's, which a test may have moved (clients estimate the offset).
  app.use((_req, res, next) => {
    res.setHeader('Date', new Date(state.now()).toUTCString());
    next();
  });
  app.use('/v1', apiRouter(state));
  app.use(oauthRouter(state));
  app.use('/__sandbox', controlRouter(control));
  app.use('/phone', phoneRouter(state));
  app.get('/', (_req, res) => {
    res.type('text/plain').send('GContacts Google sandbox: People API at /v1, OAuth at /o/oauth2/v2/auth and /token, phones at /phone, controls at /__sandbox.\n');
  });
  // A body that is not JSON is the client's fault: answer in Google's envelope, not with Express's HTML page.
  app.use((err: { status?: number; message?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (err.status === 400 || err.status === 413) {
      sendError(res, new ApiError('INVALID_ARGUMENT', `Invalid JSON payload received. ${err.message ?? ''}`.trim()));
    } else {
      sendError(res, err);
    }
  });
  return app;
}
