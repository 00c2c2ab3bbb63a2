import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import type { SandboxControl } from '../control';
import { FAULT_KINDS } from '../faults';
import { API_OPERATIONS, OAUTH_OPERATIONS } from '../operations';
import { controlGuard } from './control-guard';

const faultSpec = z.object({
  route: z.enum([...API_OPERATIONS, ...OAUTH_OPERATIONS, '*']),
  fault: z.enum(FAULT_KINDS),
  count: z.number().int().positive().optional(),
  retryAfterSeconds: z.number().int().positive().optional(),
});

const quotaSpec = z.object({
  enabled: z.boolean().optional(),
  readsPerMinute: z.number().int().positive().optional(),
  writesPerMinute: z.number().int().positive().optional(),
  deletesPerMinute: z.number().int().positive().optional(),
  groupOpsPerMinute: z.number().int().positive().optional(),
  fullSyncsPerMinute: z.number().int().positive().optional(),
});

/**
 * /__sandbox/: test and demo controls. Never part of what the module talks to when it uses real Google.
 * Programs only (control-guard.ts). Bodies are validated; a bad one answers 400 with the zod issues.
 */
export function controlRouter(control: SandboxControl): express.Router {
  const router = express.Router();
  router.use(controlGuard);
  router.use(express.json());

  const handle = <T>(schema: z.ZodType<T>, fn: (body: T) => unknown) => (req: Request, res: Response): void => {
    const parsed = schema.safeParse(req.body ?? {});
    if (!parsed.success) {
      res.status(400).json({ error: 'bad_request', issues: parsed.error.issues });
      return;
    }
    res.json(fn(parsed.data) ?? { ok: true });
  };

  router.post('/accounts', handle(z.object({ email: z.string().email() }), (b) => control.createAccount(b.email)));
  router.get('/accounts', (_req, res) => {
    res.json(control.dump().accounts.map((a) => ({ id: a.id, email: a.email, contacts: a.book.contacts.length })));
  });
  router.post('/faults', handle(z.union([faultSpec, z.array(faultSpec)]), (b) => control.injectFaults(b)));
  router.get('/faults', (_req, res) => {
    res.json(control.pendingFaults());
  });
  router.delete('/faults', (_req, res) => {
    control.clearFaults();
    res.json({ ok: true });
  });
  router.post('/clock', handle(z.object({ advanceMs: z.number().nonnegative() }), (b) => ({ now: control.advanceClock(b.advanceMs) })));
  router.get('/clock', (_req, res) => {
    res.json({ now: control.now() });
  });
  router.post('/propagation', handle(z.object({ delayMs: z.number().nonnegative() }), (b) => control.setPropagationDelay(b.delayMs)));
  router.post('/latency', handle(z.object({ fixedMs: z.number().nonnegative(), jitterMs: z.number().nonnegative().default(0) }), (b) => control.setLatency(b)));
  router.post('/quotas', handle(quotaSpec, ({ enabled, ...limits }) => control.setQuotas(enabled === false ? undefined : limits)));
  router.post('/reset', (_req, res) => {
    control.reset();
    res.json({ ok: true });
  });
  // Refresh and access tokens only when asked for by name: a dump pasted into a bug report leaks no credential.
  router.get('/dump', (req, res) => {
    res.json(control.dump({ secrets: req.query.secrets === '1' }));
  });
  router.post('/redirect-uris', handle(z.object({ uri: z.string().regex(/^https?:\/\/[^\s#]+$/) }), (b) => {
    control.registerRedirectUri(b.uri);
    return { redirectUris: control.redirectUris() };
  }));
  router.get('/redirect-uris', (_req, res) => {
    res.json({ redirectUris: control.redirectUris() });
  });
  return router;
}
