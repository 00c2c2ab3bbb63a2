/**
 * Configuration of the Dolibarr bridge: the reference host's variables (PORT, HOST, DATA_DIR, DATABASE_URL,
 * SANDBOX_PORT, PUBLIC_URL, GOOGLE_CLIENT_*) plus Dolibarr's.
 */
import { join } from 'node:path';
import { readConfig, type HostConfig } from '../../host/config';
import { HostError } from '../../host/errors';
import { fileSecret } from '../../host/secret';

export interface BridgeConfig extends HostConfig {
  /** The API base, e.g. http://erp.example/api/index.php */
  dolibarrUrl: string;
  apiKey: string;
  /** The secret in the webhook URL (Dolibarr cannot sign its calls). */
  webhookSecret: string;
  pollSeconds: number;
  reconcileMinutes: number;
  overlapSeconds: number;
  /** MariaDB's session time zone, in which Dolibarr compares t.tms filters. */
  dbTimeZone: string;
}

export function readBridgeConfig(env: Readonly<Record<string, string | undefined>> = process.env): BridgeConfig {
  const host = readConfig(env);
  const dolibarrUrl = env.DOLIBARR_URL?.trim();
  const apiKey = env.DOLIBARR_API_KEY?.trim();
  if (!dolibarrUrl || !/^https?:\/\//.test(dolibarrUrl)) throw new HostError('CONFIG', 'DOLIBARR_URL must be the API base of Dolibarr, e.g. http://erp.example/api/index.php');
  if (!apiKey) throw new HostError('CONFIG', 'DOLIBARR_API_KEY must be the API key (DOLAPIKEY) of the Dolibarr user the bridge acts as');
  const dbTimeZone = env.DOLIBARR_DB_TIMEZONE ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: dbTimeZone });
  } catch {
    throw new HostError('CONFIG', `DOLIBARR_DB_TIMEZONE must be an IANA time zone such as UTC or Europe/Paris, got "${dbTimeZone}"`);
  }
  return {
    ...host,
    databaseUrl: env.DATABASE_URL ?? `sqlite:${join(host.dataDir, 'gcontacts-dolibarr.sqlite')}`,
    dolibarrUrl,
    apiKey,
    webhookSecret: fileSecret(env.GCONTACTS_WEBHOOK_SECRET, join(host.dataDir, 'dolibarr-webhook.secret')),
    pollSeconds: positive(env, 'DOLIBARR_POLL_SECONDS', 60),
    reconcileMinutes: positive(env, 'DOLIBARR_RECONCILE_MINUTES', 30),
    overlapSeconds: positive(env, 'DOLIBARR_POLL_OVERLAP_SECONDS', 120),
    dbTimeZone,
  };
}

function positive(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new HostError('CONFIG', `${name} must be a whole number of at least 1, got "${raw}"`);
  return n;
}
