/**
 * Export all: every CRM contact, and every linked one (a contact deleted in the CRM still has its Google side to
 * settle), is queued as 'export' and pushed. The push decides per contact as always — create, update, leave
 * alone — so a second Export all finds nothing to write: each update is built from the current person and is
 * null when Google already shows the CRM's card. 'export' also brings back contacts deleted in Google.
 */
import type { Account } from '../store/accounts';
import type { OutboxEntry } from '../store/outbox';
import type { SyncContext } from './context';
import { contactPages } from './crm-pages';
import { pullAccount } from './pull';
import { drainAccount } from './push-worker';
import type { RunOptions, RunResult } from './run-recorder';
import type { SyncSettings } from './settings';

export async function exportAccount(sync: SyncContext, account: Account, settings: SyncSettings, options: RunOptions): Promise<RunResult> {
  const first = await firstLink(sync, account, settings, options);
  if (first) return first;
  const result = await drainAccount(sync, account, settings, 'export', options, () => queueEverything(sync, account));
  return result!;
}

/**
 * An account never pulled has not met its existing Google contacts yet (first link, architecture §5): pushing or
 * exporting first would create a copy of every CRM contact the phone already holds. Its first (full) pull links
 * them. Returns that pull's result when it failed (then nothing may be created), else null.
 */
export async function firstLink(sync: SyncContext, account: Account, settings: SyncSettings, options: RunOptions): Promise<RunResult | null> {
  if ((await sync.stores.accounts.syncToken(account.id)) !== null) return null;
  const first = await pullAccount(sync, account, settings, { ...options, full: true });
  return first.status === 'done' ? null : first;
}

async function queueEverything(sync: SyncContext, account: Account): Promise<number> {
  const { outbox, links } = sync.stores;
  const entry = (contactId: number): OutboxEntry => ({ accountId: account.id, contactId, op: 'export' });
  for await (const page of contactPages(sync.host)) await outbox.enqueue(page.map((contact) => entry(contact.id)));
  for (let after = 0; ; ) {
    const page = await links.page(account.id, after, 1000);
    if (page.length === 0) break;
    await outbox.enqueue(page.map((link) => entry(link.contactId)));
    after = page[page.length - 1]!.contactId;
  }
  return outbox.count(account.id);
}
