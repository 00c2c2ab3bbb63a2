/**
 * First-link matching during a pull (architecture §5 "First link"): a Google person without a link and without our
 * clientData id is looked for among the account's in-scope CRM contacts — by email, then by phone and name
 * (core/match.ts). The index is built on first need, once per run, in one pass over the CRM's contacts (an
 * incremental pull that brings only linked people never builds it). Contacts linked meanwhile are claimed, so two
 * Google copies of one person never both link to it.
 */
import { contactToCard } from '../core/crm-card';
import { indexContacts, matchPerson, type ContactIndex, type ContactToMatch, type MatchResult } from '../core/match';
import { contactScope } from '../core/scope';
import type { Card } from '../core/card';
import type { AccountJob } from './account-job';
import { isContactError } from './batch-outcome';
import { contactPages } from './crm-pages';

export class FirstLinkMatcher {
  private index: ContactIndex | null = null;
  /** Contacts kept out of this account (private, inactive, sync flag off, another rep's): never linked, never imported again. */
  private outside: ContactIndex | null = null;
  private linked: Set<number> | null = null;
  /** Linked in this run, not committed yet: the index may be built after them. */
  private readonly claimed = new Set<number>();

  constructor(private readonly job: AccountJob) {}

  async match(card: Card): Promise<MatchResult> {
    if (!this.index) await this.buildIndexes();
    const linked = (this.linked ??= await this.linkedContacts());
    return matchPerson(this.index!, { ourContactId: null, card }, linked, this.job.settings.compare);
  }

  /**
   * Whether an unmatched person is one of the CRM's contacts kept out of this account: importing it would make a
   * second CRM contact of the same person (a phone user adding someone whose CRM contact has its sync flag off).
   */
  async isKeptOut(card: Card): Promise<boolean> {
    if (!this.outside) await this.buildIndexes();
    return matchPerson(this.outside!, { ourContactId: null, card }, new Set(), this.job.settings.compare).kind !== 'unmatched';
  }

  /** The contact is linked now (matched, relinked or imported in this run). */
  claim(contactId: number): void {
    this.claimed.add(contactId);
    this.linked?.add(contactId);
  }

  /** Contacts the account links to a Google person; tombstones do not count (a phone user may add one back). */
  private async linkedContacts(): Promise<Set<number>> {
    const { links } = this.job.sync.stores;
    const out = new Set(this.claimed);
    for (let after = 0; ; ) {
      const page = await links.page(this.job.account.id, after, 1000);
      if (page.length === 0) break;
      for (const link of page) if (link.state !== 'unlinked') out.add(link.contactId);
      after = page[page.length - 1]!.contactId;
    }
    return out;
  }

  /** In-scope contacts only: a private or out-of-scope contact must never be linked by a match (those go apart). */
  private async buildIndexes(): Promise<void> {
    const { sync, account, settings } = this.job;
    const contacts: ContactToMatch[] = [];
    const outside: ContactToMatch[] = [];
    for await (const page of contactPages(sync.host)) {
      const flags = await sync.stores.flags.get(page.map((c) => c.id));
      const reps =
        account.scope.kind === 'salesrep'
          ? await sync.host.contacts.salesRepsOf([...new Set(page.map((c) => c.thirdPartyId).filter((id): id is number => id !== null))])
          : new Map<number, { id: number }[]>();
      for (const contact of page) {
        const salesRepIds = contact.thirdPartyId === null ? [] : (reps.get(contact.thirdPartyId) ?? []).map((r) => r.id);
        const scope = contactScope(contact, { account: account.scope, syncFlag: flags.get(contact.id) ?? null, defaultSyncFlag: settings.defaultSyncFlag, salesRepIds });
        try {
          // Matching compares emails, phones and names: the third party (organisation) plays no part.
          (scope.inScope ? contacts : outside).push({ id: contact.id, card: contactToCard(contact, null) });
        } catch (e) {
          if (!isContactError(e)) throw e;
        }
      }
    }
    this.index = indexContacts(contacts, settings.compare);
    this.outside = indexContacts(outside, settings.compare);
  }
}
