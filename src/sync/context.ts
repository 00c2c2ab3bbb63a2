/**
 * What every engine of the sync gets: the host, the repositories, how to reach Google for an account, and the
 * sources of time and randomness (passed in, so tests can fix them). Built once per module start or CLI command.
 */
import { randomUUID } from 'node:crypto';
import type { PeopleGateway } from '../google/gateway';
import { createPeopleGateway } from '../google/people-gateway';
import { googleEndpoints, oauthClientConfig } from '../google/endpoints';
import type { Host } from '../host-contract';
import { knexStores, type Stores } from '../store';
import type { Account } from '../store/accounts';
import { backupStore, type BackupStore } from '../store/backups';
import { secretBox, tokenKey } from '../store/secret-box';
import { ownerName } from './lease';

export interface GatewayRequest {
  account: Account;
  refreshToken: string;
  requestsPerMinute: number;
  /** A page is waiting (the GContacts tab): one attempt with a short timeout, never the engines' retries. */
  interactive?: boolean;
}

/** How long the tab waits for Google before it shows the last synced values instead. */
export const INTERACTIVE_TIMEOUT_MS = 4000;

/** Builds the People API door for one account; tests and the bench pass their own (e.g. without pacing). */
export type GatewayFactory = (request: GatewayRequest) => PeopleGateway;

export interface SyncContext {
  host: Host;
  stores: Stores;
  /** vCard backups of the Google contacts the module deletes (sync/backup.ts writes them). */
  backups: BackupStore;
  gateway: GatewayFactory;
  random(): number;
  uid(): string;
  /** Who holds an account's lease: unique per process and context. */
  owner: string;
  /** The pause before a push retries a batch that met one transient Google failure (tests shorten it). */
  retryPauseMs: number;
}

export function defaultGatewayFactory(host: Host): GatewayFactory {
  return ({ account, refreshToken, requestsPerMinute, interactive }) => {
    const { env } = host;
    const { clientId, clientSecret } = oauthClientConfig(env);
    const crmNow = () => host.clock.now().getTime();
    const quick = interactive ? { maxAttempts: 1, timeoutMs: INTERACTIVE_TIMEOUT_MS } : {};
    return createPeopleGateway({ endpoints: googleEndpoints(env), clientId, clientSecret, refreshToken, email: account.email, requestsPerMinute, crmNow, ...quick });
  };
}

export function createSyncContext(host: Host, overrides: Partial<Pick<SyncContext, 'gateway' | 'random' | 'uid' | 'retryPauseMs'>> = {}): SyncContext {
  const box = secretBox(tokenKey(host.env, host.dataDir));
  return {
    host,
    stores: knexStores(host.db, () => host.clock.now(), box),
    backups: backupStore(host.dataDir),
    gateway: overrides.gateway ?? defaultGatewayFactory(host),
    random: overrides.random ?? Math.random,
    uid: overrides.uid ?? randomUUID,
    owner: ownerName(randomUUID().slice(0, 8)),
    retryPauseMs: overrides.retryPauseMs ?? 2000,
  };
}
