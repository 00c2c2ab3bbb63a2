/**
 * Every Google-side delete by the module goes through here first: the people about to go are written to the vCard
 * backup (store/backups.ts) — every item they have, not only the module's — so a mistaken delete can be imported
 * back. Written before the delete is sent: a backup of a delete that then failed is harmless, a delete without one
 * is not.
 */
import { peopleToVCards } from '../core/vcard';
import type { Person } from '../google/gateway';
import type { Account } from '../store/accounts';
import type { BackupKind } from '../store/backups';
import type { SyncContext } from './context';

/** Returns the backup file written, or null when there was nobody to back up. */
export async function backUpPeople(sync: SyncContext, account: Account, kind: BackupKind, people: readonly Person[]): Promise<string | null> {
  if (people.length === 0) return null;
  return sync.backups.save(kind, account.email, peopleToVCards(people), sync.host.clock.now());
}
