import type { Account, AccountRegistry, Grant } from './accounts';
import { AddressBook, type ChangeEntry, type StoredContact, type StoredGroup, type Tombstone } from './domain/address-book';

/** The whole sandbox as plain JSON: what `dump()` returns and what the optional data file holds. */
export interface SandboxSnapshot {
  format: 'gcontacts-sandbox/1';
  propagationDelayMs: number;
  accounts: Array<{
    id: string; email: string; name: string;
    book: {
      epoch: string; seq: number;
      contacts: StoredContact[]; tombstones: Tombstone[];
      groups: Array<Omit<StoredGroup, 'members'> & { members: string[] }>;
      peopleLog: ChangeEntry[]; groupLog: ChangeEntry[];
    };
  }>;
  grants: Grant[];
  accessTokens: Array<{ token: string; grantId: string; expiresAt: number }>;
  /** The client's registered redirect URIs (absent from files written before they were kept). */
  redirectUris?: string[];
}

export const HIDDEN = '(hidden)';

/** The snapshot without its credentials: what a dump shows unless the secrets are asked for. */
export function withoutSecrets(snap: SandboxSnapshot): SandboxSnapshot {
  return {
    ...snap,
    grants: snap.grants.map((g) => ({ ...g, refreshTokens: g.refreshTokens.map(() => HIDDEN) })),
    accessTokens: snap.accessTokens.map((t) => ({ ...t, token: HIDDEN })),
  };
}

export function takeSnapshot(registry: AccountRegistry, propagationDelayMs: number): SandboxSnapshot {
  return {
    format: 'gcontacts-sandbox/1',
    propagationDelayMs,
    accounts: [...registry.accounts.values()].map((a) => ({
      id: a.id, email: a.email, name: a.name,
      book: {
        epoch: a.book.epoch, seq: a.book.seq,
        contacts: [...a.book.contacts.values()],
        tombstones: [...a.book.tombstones.values()],
        groups: [...a.book.groups.values()].map((g) => ({ ...g, members: [...g.members] })),
        peopleLog: a.book.peopleLog, groupLog: a.book.groupLog,
      },
    })),
    grants: [...registry.grants.values()],
    accessTokens: [...registry.accessTokens].map(([token, t]) => ({ token, ...t })),
  };
}

/** Loads a snapshot into an empty registry. Returns the propagation delay it carried. */
export function restoreSnapshot(registry: AccountRegistry, snap: SandboxSnapshot, onWrite: () => void): number {
  if (snap.format !== 'gcontacts-sandbox/1') throw new Error(`unknown sandbox data format: ${String(snap.format)}`);
  for (const a of snap.accounts) {
    const book = new AddressBook(0, onWrite);
    book.epoch = a.book.epoch;
    book.seq = a.book.seq;
    book.groups.clear();
    for (const c of a.book.contacts) book.contacts.set(c.resourceName, c);
    for (const t of a.book.tombstones) book.tombstones.set(t.resourceName, t);
    for (const g of a.book.groups) book.groups.set(g.resourceName, { ...g, members: new Set(g.members) });
    book.peopleLog.push(...a.book.peopleLog);
    book.groupLog.push(...a.book.groupLog);
    const account: Account = { id: a.id, email: a.email, name: a.name, book };
    registry.adopt(account);
  }
  for (const g of snap.grants) registry.grants.set(g.id, g);
  for (const t of snap.accessTokens) registry.accessTokens.set(t.token, { grantId: t.grantId, expiresAt: t.expiresAt });
  return snap.propagationDelayMs;
}
