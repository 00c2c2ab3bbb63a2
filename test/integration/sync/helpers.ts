/**
 * A CRM with the module enabled, pointed at a fresh Google sandbox over HTTP, and one connected account: what each
 * sync suite runs against, on every engine. The module's gateway is the real one (googleapis over HTTP) with
 * quicker retries and timeouts, so fault tests take milliseconds instead of Google's real backoff.
 */
import { runCli } from '../../../src/cli';
import { google, type people_v1 } from 'googleapis';
import type { ContactInput, CrmContact, Host } from '../../../src/host-contract';
import { createPeopleGateway } from '../../../src/google/people-gateway';
import { googleEndpoints } from '../../../src/google/endpoints';
import type { PeopleGateway } from '../../../src/google/gateway';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, type RunningSandbox } from '../../../src/sandbox/index';
import { startModuleSandbox } from '../../support/module-sandbox';
import { createSync, type Sync } from '../../../src/sync';
import type { GatewayFactory } from '../../../src/sync/context';
import type { Account } from '../../../src/store/accounts';
import type { RunResult } from '../../../src/sync/run-recorder';
import { startCrm, type RunningCrm } from '../../support/crm';
import type { TestEngine } from '../../support/engines';
import { oauthClient, uniqueEmail } from '../../sandbox/helpers';

export interface SyncWorld {
  sandbox: RunningSandbox;
  crm: RunningCrm;
  host: Host;
  sync: Sync;
  account: Account;
  /** A People client of the same Google account, as a phone or Gmail would change it. */
  google: people_v1.People;
  /** Wraps each gateway the module builds (to interleave a phone edit with the module's calls). */
  wrap: { gateway: ((g: PeopleGateway) => PeopleGateway) | null };
  /** Every gateway built so far, for request counts. */
  gateways: PeopleGateway[];
  /** Moves the CRM's clock (the outbox backoff runs on it) forward. */
  advance(ms: number): void;
}

export const SYSTEM = { userId: null };

export function quickGateways(world: Pick<SyncWorld, 'wrap' | 'gateways'>, host: Host): GatewayFactory {
  return ({ account, refreshToken }) => {
    const gateway = createPeopleGateway({
      endpoints: googleEndpoints(host.env),
      crmNow: () => host.clock.now().getTime(),
      clientId: SANDBOX_CLIENT_ID,
      clientSecret: SANDBOX_CLIENT_SECRET,
      refreshToken,
      email: account.email,
      requestsPerMinute: 100_000,
      timeoutMs: 1500,
      backoff: { baseMs: 5, limitMs: 20 },
    });
    world.gateways.push(gateway);
    return world.wrap.gateway ? world.wrap.gateway(gateway) : gateway;
  };
}

/** Starts the world before the suite and stops it after; `settings` are set before the account is connected. */
export function syncWorld(engine: TestEngine, settings: Record<string, string | number | boolean> = {}): SyncWorld {
  let offset = 0;
  const world = { wrap: { gateway: null }, gateways: [], advance: (ms: number) => void (offset += ms) } as unknown as SyncWorld;
  before(async function () {
    this.timeout(60_000);
    world.sandbox = await startModuleSandbox();
    const env = { GCONTACTS_GOOGLE_URL: world.sandbox.url, GOOGLE_CLIENT_ID: SANDBOX_CLIENT_ID, GOOGLE_CLIENT_SECRET: SANDBOX_CLIENT_SECRET, GCONTACTS_SECRET: 'test' };
    world.crm = await startCrm({ databaseUrl: await engine.freshUrl(), env, now: () => new Date(Date.now() + offset) });
    world.host = world.crm.crm.modules.get('gcontacts').handle.host;
    // The module's jobs (the every-minute push, the pulls) would race the tests' own runs whenever a suite spans their time.
    world.crm.crm.scheduler.cancelAll('gcontacts:');
    for (const [key, value] of Object.entries(settings)) await world.host.settings.set(key, value);
    world.sync = createSync(world.host, { gateway: quickGateways(world, world.host), retryPauseMs: 20 });
    await connectAccount(world, uniqueEmail('crm'));
  });
  after(async () => {
    await world.crm?.close();
    await world.sandbox?.close();
    await engine.cleanup();
  });
  return world;
}

/**
 * Connects the sandbox account `email` for all shared contacts as the world's account, and gives the test a People
 * client of the same account (the phone's side).
 */
export async function connectAccount(world: Pick<SyncWorld, 'sync' | 'sandbox' | 'account' | 'google'>, email: string): Promise<void> {
    const connected = await world.sync.connect({ email, scope: { kind: 'all' } });
    if (connected.kind !== 'connected') throw new Error('the sandbox connect should not need a browser');
    world.account = connected.account;
    const auth = oauthClient(world.sandbox);
    const tokens = world.sandbox.control.createAccount(email);
    auth.setCredentials({ access_token: tokens.access_token, refresh_token: tokens.refresh_token });
    world.google = google.people({ version: 'v1', rootUrl: `${world.sandbox.url}/`, auth, retry: false });
}

/** Pushes and returns the run of the world's account (throws when the push did not run for it). */
export async function push(world: SyncWorld): Promise<RunResult> {
  const results = await world.sync.push({ trigger: 'test', waitForLease: true });
  const mine = results.find((r) => r.account.id === world.account.id);
  if (!mine) throw new Error('nothing was pushed');
  return mine;
}

export async function createContact(world: SyncWorld, input: ContactInput): Promise<CrmContact> {
  return world.crm.crm.contacts.create(SYSTEM, { lastname: 'Test', ...input });
}

export async function updateContact(world: SyncWorld, id: number, patch: ContactInput): Promise<CrmContact> {
  return world.crm.crm.contacts.update(SYSTEM, id, patch);
}

/** The account's Google contacts as Google shows them, every field the module writes or reads. */
export async function googleContacts(world: SyncWorld): Promise<people_v1.Schema$Person[]> {
  return allPeople(world.google);
}

/** Every contact a People client sees, page after page, with every field the module writes or reads. */
export async function allPeople(people: people_v1.People): Promise<people_v1.Schema$Person[]> {
  const out: people_v1.Schema$Person[] = [];
  let pageToken: string | undefined;
  do {
    const { data } = await people.people.connections.list({
      resourceName: 'people/me',
      personFields: 'names,emailAddresses,phoneNumbers,addresses,organizations,biographies,birthdays,urls,clientData,memberships,metadata',
      pageSize: 1000,
      pageToken,
    });
    out.push(...(data.connections ?? []));
    pageToken = data.nextPageToken ?? undefined;
  } while (pageToken);
  return out;
}

export async function linkOf(world: SyncWorld, contactId: number) {
  return (await world.sync.context.stores.links.forContacts(world.account.id, [contactId])).get(contactId) ?? null;
}

export async function googleOf(world: SyncWorld, contactId: number): Promise<people_v1.Schema$Person> {
  const link = await linkOf(world, contactId);
  if (!link?.resourceName) throw new Error(`contact ${contactId} is not linked`);
  const { data } = await world.google.people.get({
    resourceName: link.resourceName,
    personFields: 'names,emailAddresses,phoneNumbers,addresses,organizations,biographies,birthdays,urls,clientData,memberships,metadata',
  });
  return data;
}

/** Group names of a person's memberships, e.g. ['CRM', 'CRM/marie', 'myContacts']. */
export async function groupNames(world: SyncWorld, person: people_v1.Schema$Person): Promise<string[]> {
  const { data } = await world.google.contactGroups.list({ pageSize: 1000 });
  const names = new Map((data.contactGroups ?? []).map((g) => [g.resourceName!, g.name!]));
  return (person.memberships ?? []).map((m) => names.get(m.contactGroupMembership?.contactGroupResourceName ?? '') ?? '?').sort();
}

export async function groupsOfAccount(world: SyncWorld): Promise<people_v1.Schema$ContactGroup[]> {
  const { data } = await world.google.contactGroups.list({ pageSize: 1000 });
  return (data.contactGroups ?? []).filter((g) => g.groupType === 'USER_CONTACT_GROUP');
}

export function writesOf(world: SyncWorld): number {
  return world.sandbox.control.dump().accounts.find((a) => a.email === world.account.email)!.book.peopleLog.length;
}

/** The environment of the real CLI (host/cli.ts) as a child process on the world's database and sandbox, in English. */
export function worldCliEnv(world: SyncWorld): NodeJS.ProcessEnv {
  const { config } = world.crm.crm;
  return { ...process.env, DATABASE_URL: config.databaseUrl, DATA_DIR: config.dataDir, SANDBOX_PORT: String(world.sandbox.port), GCONTACTS_SECRET: 'test', LANG: 'en_US.UTF-8', GOOGLE_CLIENT_ID: '', GOOGLE_CLIENT_SECRET: '' };
}

/** Runs a module CLI command in English against the world's host; resolves with its exit code and printed lines. */
export async function runWorldCli(world: SyncWorld, ...argv: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runCli(world.host, argv, { out: (line) => lines.push(line), locale: 'en_US' });
  return { code, lines };
}
