/** Starts a real CRM (host + module) over HTTP on a fresh database, for end-to-end tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../../host/config';
import { createCrm, type Crm } from '../../host/crm';
import { DEMO_ADMIN } from '../../host/seed';

export interface RunningCrm {
  url: string;
  crm: Crm;
  adminId: number;
  close(): Promise<void>;
}

export async function startCrm(options: { databaseUrl?: string; env?: Record<string, string>; now?: () => Date } = {}): Promise<RunningCrm> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gc-crm-'));
  const config = readConfig({ DATA_DIR: dataDir, DATABASE_URL: options.databaseUrl ?? `sqlite:${join(dataDir, 'crm.sqlite')}`, MODULES: '.', SEED_DEMO: '0', PORT: '0' });
  const crm = await createCrm({ config, env: { SESSION_SECRET: 'test-secret', GCONTACTS_BACKGROUND: 'off', ...options.env }, ...(options.now ? { now: options.now } : {}) });
  const admin = await crm.users.create({ login: DEMO_ADMIN.login, password: DEMO_ADMIN.password, admin: true });
  await crm.users.setApiKey(admin.id, DEMO_ADMIN.apiKey);
  await crm.modules.enable('gcontacts');
  const url = await crm.listen(0);
  return { url, crm, adminId: admin.id, close: () => crm.close() };
}

/**
 * A `changedSince` that excludes every contact written so far and includes every later one: update times strictly
 * increase, but an earlier write may share the current millisecond, so "now" alone would let it in.
 */
export async function afterLastWrite(crm: Crm): Promise<string> {
  const row = await crm.db('llx_socpeople').max({ last: 'tms' }).first();
  const last = row?.last ? new Date(String(row.last)).getTime() : Date.now() - 1;
  return new Date(last + 1).toISOString();
}
