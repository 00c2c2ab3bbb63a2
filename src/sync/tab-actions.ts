/**
 * The GContacts tab's actions on one contact. Each runs on a view the caller has just re-read and found to be the
 * one the user saw (tab-router.ts refuses a stale one), and each runs now, synchronously: one contact is one or
 * two People API calls, well under a second, so the user gets the outcome on the next page rather than a progress
 * bar. What changed is measured by the caller (the comparison before and after), not claimed here.
 *
 * "Use Google value" writes the CRM through the host contract as the module (origin 'gcontacts'), and moves the
 * merge base to that value, so the next push sees both sides equal there and makes no Google write. "Send CRM
 * value" does the reverse trick the conflict resolution uses: the base takes Google's value, so the push's own
 * merge sees a CRM-side change and writes it, with its etag checks — nothing is written to Google blindly here.
 */
import type { Card, CardField } from '../core/card';
import { cardToContactPatch } from '../core/crm-card';
import { GContactsError } from '../errors';
import type { Sync } from './index';
import type { RunResult } from './run-recorder';
import type { AccountView, TabView } from './tab-view';
import { drainAccount } from './push-worker';
import { readSettings } from './settings';
import { flushTriggers } from './triggers';

export interface ActionActor {
  userId: number;
}

/** What an action reports beside the measured changes: a push that could not reach Google, fields the CRM kept. */
export interface ActionOutcome {
  /** Fields whose Google value the CRM does not take (organisation, fax, a year-less birthday, an empty last name). */
  notTaken: CardField[];
  /** Pushes that failed (Google down) or found another push running: the change stays queued and goes later. */
  failed: RunResult[];
}

const none = (): ActionOutcome => ({ notTaken: [], failed: [] });

function accountView(view: TabView, accountId: number): AccountView {
  const found = view.accounts.find((a) => a.account.id === accountId);
  if (!found) throw new GContactsError('BAD_INPUT', `no account #${accountId}`, { field: 'account' });
  return found;
}

/** The account's live Google card: the field actions need what Google holds now, not the last synced values. */
function liveCard(a: AccountView): Card {
  if (a.google.kind !== 'live' || !a.googleCard || !a.link?.baseCard) throw new GContactsError('GOOGLE_UNAVAILABLE', 'Google was not read for this account', { account: a.account.email });
  return a.googleCard;
}

export async function useGoogleValues(sync: Sync, view: TabView, accountId: number, fields: readonly CardField[], actor: ActionActor): Promise<ActionOutcome> {
  const a = accountView(view, accountId);
  const google = liveCard(a);
  const taken = fields.filter((field) => Object.keys(cardToContactPatch(google, [field])).length > 0);
  const notTaken = fields.filter((field) => !taken.includes(field));
  if (taken.length === 0) return { notTaken, failed: [] };
  try {
    await sync.context.host.contacts.update(view.contact.id, cardToContactPatch(google, taken), { origin: 'gcontacts', actorId: actor.userId, expectedVersion: view.contact.version });
  } catch (e) {
    // The CRM's rules refuse Google's value (a phone user's 12,000-character note): said as such, nothing changed.
    if ((e as { code?: string }).code === 'BAD_INPUT') throw new GContactsError('BAD_INPUT', (e as Error).message, { refusedBy: 'crm' }, { cause: e });
    throw e;
  }
  await moveBase(sync, a, taken, google);
  // A field waiting under 'ask' is settled by this choice too; the push then records the link as settled.
  if ((await settleOpen(sync, a, taken, 'google', actor)) === 0) return { notTaken, failed: [] };
  return { ...(await pushNow(sync, [accountId], view.contact.id, actor)), notTaken };
}

export async function sendCrmValues(sync: Sync, view: TabView, accountId: number, fields: readonly CardField[], actor: ActionActor): Promise<ActionOutcome> {
  const a = accountView(view, accountId);
  await moveBase(sync, a, fields, liveCard(a));
  await settleOpen(sync, a, fields, 'crm', actor);
  return pushNow(sync, [accountId], view.contact.id, actor);
}

/** Marks the open conflicts on these fields decided for `side` (the base was already moved); returns how many. */
async function settleOpen(sync: Sync, a: AccountView, fields: readonly CardField[], side: 'crm' | 'google', actor: ActionActor): Promise<number> {
  const open = a.conflicts.filter((c) => fields.includes(c.field));
  for (const c of open) await sync.context.stores.conflicts.resolve(c.id, side, actor.userId);
  return open.length;
}

/** "Sync now": this contact, both directions, the engine's own merge (pull of its person, then its push). */
export async function syncContactNow(sync: Sync, view: TabView, actor: ActionActor): Promise<ActionOutcome> {
  const results = await sync.pull({ contactId: view.contact.id, trigger: 'web', userId: actor.userId });
  return { notTaken: [], failed: results.filter((r) => r.status === 'failed' || r.status === 'busy') };
}

/** "Keep CRM" / "Keep Google" on a conflict left by the 'ask' policy, applied at once. */
export async function settleConflict(sync: Sync, view: TabView, conflictId: number, side: 'crm' | 'google', actor: ActionActor): Promise<ActionOutcome> {
  const conflict = view.accounts.flatMap((a) => a.conflicts).find((c) => c.id === conflictId);
  if (!conflict) throw new GContactsError('BAD_INPUT', `conflict #${conflictId} is not one of this contact's`, { field: 'conflict' });
  await sync.resolveConflict(conflictId, side, actor.userId);
  return pushNow(sync, [conflict.accountId], view.contact.id, actor);
}

/** "Restore" a value a conflict policy overwrote: written back to the CRM (model's restoreOverwritten), then pushed now. */
export async function restoreValue(sync: Sync, view: TabView, id: number, actor: ActionActor): Promise<ActionOutcome> {
  const value = view.overwritten.find((o) => o.id === id && o.restoredAt === null);
  if (!value) throw new GContactsError('BAD_INPUT', `overwritten value #${id} is not one of this contact's`, { field: 'overwritten' });
  await sync.restoreOverwritten(id, actor.userId);
  return pushNow(sync, view.accounts.filter((a) => a.link?.resourceName).map((a) => a.account.id), view.contact.id, actor);
}

/** "Re-create in Google": the tombstone of this account goes, and the push creates the contact again. */
export async function recreateInGoogle(sync: Sync, view: TabView, accountId: number, actor: ActionActor): Promise<ActionOutcome> {
  const a = accountView(view, accountId);
  if (a.state !== 'deleted-in-google') throw new GContactsError('BAD_INPUT', 'this contact is not deleted in Google', { field: 'action' });
  await sync.context.stores.transaction(async (tx) => {
    await tx.links.clearTombstone(view.contact.id, accountId);
    await tx.outbox.enqueue([{ accountId, contactId: view.contact.id, op: 'change' }]);
  });
  return pushNow(sync, [accountId], view.contact.id, actor);
}

/** "Leave unlinked": the tombstone stays (nothing is sent again), and the choice is written in the audit trail. */
export async function leaveUnlinked(sync: Sync, view: TabView, accountId: number, actor: ActionActor): Promise<ActionOutcome> {
  accountView(view, accountId);
  await sync.context.stores.log.add([{ accountId, contactId: view.contact.id, runId: null, action: 'left-unlinked', detail: { userId: actor.userId } }]);
  return none();
}

/** The sync flag; the change is queued and the push (within a minute) does what the tab's sentence said. */
export async function saveSyncFlag(sync: Sync, view: TabView, enabled: boolean, actor: ActionActor): Promise<ActionOutcome> {
  if (view.contact.private) throw new GContactsError('BAD_INPUT', 'a private contact cannot sync', { field: 'syncFlag' });
  await sync.setSyncFlag(view.contact.id, enabled, actor.userId);
  return none();
}

async function moveBase(sync: Sync, a: AccountView, fields: readonly CardField[], google: Card): Promise<void> {
  const base = { ...a.link!.baseCard! } as Record<CardField, unknown>;
  for (const field of fields) base[field] = google[field];
  await sync.context.stores.links.setBase(a.account.id, a.link!.contactId, base as unknown as Card);
}

/**
 * Pushes the contact in these accounts now. A push already running for the account (an Export all) is not waited
 * for — the page would hang on it — the row stays queued and that push or the next one takes it; the page says so.
 */
async function pushNow(sync: Sync, accountIds: readonly number[], contactId: number, actor: ActionActor): Promise<ActionOutcome> {
  const { context } = sync;
  await flushTriggers(context.host);
  await context.stores.outbox.enqueue(accountIds.map((accountId) => ({ accountId, contactId, op: 'change' })));
  const settings = await readSettings(context.host);
  const failed: RunResult[] = [];
  for (const accountId of accountIds) {
    const account = await context.stores.accounts.get(accountId);
    if (!account || account.status !== 'active') continue;
    const result = await drainAccount(context, account, settings, 'push', { trigger: 'web', userId: actor.userId });
    if (result && (result.status === 'failed' || result.status === 'busy')) failed.push(result);
  }
  return { notTaken: [], failed };
}
