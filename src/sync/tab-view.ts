/**
 * What the GContacts tab shows of one contact: for each connected account, its state, its open conflicts and the
 * field-by-field comparison with Google's side read live — one batchGet per account, all accounts at once, one
 * attempt with a short timeout (the page is waiting). When Google cannot be reached, the last synced values stand
 * in, and the page says so. The database is read in a fixed number of queries whatever the number of accounts
 * (test/integration/web/tab-cost.test.ts counts them).
 */
import type { Card } from '../core/card';
import { contactToCard } from '../core/crm-card';
import { personToCard } from '../core/person-read';
import { contactScope, type ScopeVerdict } from '../core/scope';
import { accountState, compareForTab, viewFingerprint, type AccountState, type ComparisonRow } from '../core/tab-compare';
import { isGContactsError } from '../errors';
import type { PeopleGateway, Person } from '../google/gateway';
import type { CrmContact, ThirdParty } from '../host-contract';
import type { Account } from '../store/accounts';
import type { StoredConflict } from '../store/conflicts';
import type { Link } from '../store/links';
import type { OutboxRow } from '../store/outbox';
import type { StoredOverwrittenValue } from '../store/overwritten';
import type { SyncContext } from './context';
import { PERSON_FIELDS } from './person-fields';
import { readSettings, type SyncSettings } from './settings';

/** Where the Google column comes from. */
export type GoogleSource =
  | { kind: 'live'; person: Person }
  /** Google answered that it no longer has the person (deleted on a phone since the last pull). */
  | { kind: 'gone' }
  | { kind: 'unreachable'; reason: 'auth' | 'down' }
  /** Not read: nothing linked there, or the account needs reconnecting. */
  | { kind: 'none' };

/** The overwritten values the tab lists: the recent ones; older ones stay in the table. */
const OVERWRITTEN_SHOWN = 20;

export interface AccountView {
  account: Account;
  link: Link | null;
  scope: ScopeVerdict;
  queued: OutboxRow | null;
  conflicts: StoredConflict[];
  google: GoogleSource;
  /** Google's card: live, or the last synced one when Google could not be read; null when never synced. */
  googleCard: Card | null;
  rows: ComparisonRow[];
  state: AccountState;
}

export interface TabView {
  contact: CrmContact;
  thirdParty: ThirdParty | null;
  crmCard: Card;
  /** The contact's own flag, or the default when never set. */
  syncFlag: boolean;
  settings: SyncSettings;
  accounts: AccountView[];
  /** Values a conflict policy overwrote (newest first), which "Restore" brings back. */
  overwritten: StoredOverwrittenValue[];
  /** The fingerprint of what is shown: an action naming another one is refused as stale. */
  fingerprint: string;
}

export async function loadTabView(sync: SyncContext, contact: CrmContact): Promise<TabView> {
  const { host, stores } = sync;
  const [thirdParty, accounts, settings, flags, links, queued, conflicts, overwritten] = await Promise.all([
    contact.thirdPartyId === null ? null : host.contacts.thirdParty(contact.thirdPartyId),
    stores.accounts.list(),
    readSettings(host),
    stores.flags.get([contact.id]),
    stores.links.ofContact(contact.id),
    stores.outbox.ofContact(contact.id),
    stores.conflicts.unresolved(contact.id),
    stores.overwritten.forContact(contact.id, OVERWRITTEN_SHOWN),
  ]);
  const needsReps = thirdParty !== null && accounts.some((a) => a.scope.kind === 'salesrep');
  const live = accounts.filter((a) => a.status === 'active' && links.get(a.id)?.resourceName);
  const [reps, tokens] = await Promise.all([
    needsReps ? host.contacts.salesReps(thirdParty.id) : [],
    live.length > 0 ? stores.accounts.refreshTokens() : new Map<number, string>(),
  ]);
  const people = new Map(
    await Promise.all(live.map(async (account) => [account.id, await readPerson(sync, account, links.get(account.id)!.resourceName!, tokens.get(account.id) ?? '', settings)] as const)),
  );
  const crmCard = contactToCard(contact, thirdParty);
  const flag = flags.get(contact.id) ?? null;
  const views = accounts.map((account): AccountView => {
    const link = links.get(account.id) ?? null;
    const scope = contactScope(contact, { account: account.scope, syncFlag: flag, defaultSyncFlag: settings.defaultSyncFlag, salesRepIds: reps.map((r) => r.id) });
    const google = people.get(account.id) ?? { kind: 'none' };
    const googleCard = google.kind === 'live' ? personToCard(google.person, { thirdPartyName: thirdParty?.name ?? null }) : google.kind === 'gone' ? null : (link?.baseCard ?? null);
    const mine = conflicts.filter((c) => c.accountId === account.id);
    const row = queued.find((q) => q.accountId === account.id) ?? null;
    const state = accountState({
      accountActive: account.status === 'active' && !(google.kind === 'unreachable' && google.reason === 'auth'),
      linkState: link?.state ?? null,
      openConflicts: mine.length,
      scope,
      queued: row !== null,
    });
    const rows = link && link.state !== 'unlinked' ? compareForTab(crmCard, googleCard, link.baseCard, settings.compare) : [];
    return { account, link, scope, queued: row, conflicts: mine, google, googleCard, rows, state };
  });
  const fingerprint = viewFingerprint({
    contactVersion: contact.version,
    overwritten: overwritten.filter((o) => o.restoredAt === null).map((o) => o.id),
    accounts: views.map((v) => [v.account.id, v.link?.state ?? null, v.link?.etag ?? null, v.google.kind === 'live' ? (v.google.person.etag ?? null) : v.google.kind, v.conflicts.map((c) => c.id)]),
  });
  return { contact, thirdParty, crmCard, syncFlag: flag ?? settings.defaultSyncFlag, settings, accounts: views, overwritten, fingerprint };
}

/**
 * The tab's gateway per account, kept between views: a new one would first trade the refresh token for an access
 * token — a second Google round trip on every view. A reconnected account (new refresh token) gets a new one.
 */
const gateways = new WeakMap<SyncContext, Map<number, { refreshToken: string; gateway: PeopleGateway }>>();

function tabGateway(sync: SyncContext, account: Account, refreshToken: string, settings: SyncSettings): PeopleGateway {
  let cache = gateways.get(sync);
  if (!cache) gateways.set(sync, (cache = new Map<number, { refreshToken: string; gateway: PeopleGateway }>()));
  const known = cache.get(account.id);
  if (known?.refreshToken === refreshToken) return known.gateway;
  const gateway = sync.gateway({ account, refreshToken, requestsPerMinute: settings.requestsPerMinute, interactive: true });
  cache.set(account.id, { refreshToken, gateway });
  return gateway;
}

async function readPerson(sync: SyncContext, account: Account, resourceName: string, refreshToken: string, settings: SyncSettings): Promise<GoogleSource> {
  const gateway = tabGateway(sync, account, refreshToken, settings);
  try {
    const person = (await gateway.batchGet([resourceName], PERSON_FIELDS)).get(resourceName) ?? null;
    return person ? { kind: 'live', person } : { kind: 'gone' };
  } catch (e) {
    if (isGContactsError(e, 'NOT_FOUND')) return { kind: 'gone' };
    sync.host.log.warn('gcontacts: the tab could not read Google; it shows the last synced values', { account: account.email, error: (e as Error).message });
    return { kind: 'unreachable', reason: isGContactsError(e, 'GOOGLE_AUTH') ? 'auth' : 'down' };
  }
}
