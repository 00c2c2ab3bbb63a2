/**
 * The CRM contacts the Import page compares candidates with (core/duplicates.ts), kept in memory between page
 * views: built once from the host's change feed, then brought up to date with the contacts changed since the last
 * view (one query when nothing changed), so drawing a page never reads 20,000 contacts. A contact deleted since is
 * still in the index; the page reads the duplicates it shows (getMany) and drops those gone.
 */
import { DuplicateIndex } from '../core/duplicates';
import { contactToCard } from '../core/crm-card';
import type { CompareOptions } from '../core/normalise';
import type { CrmContact, Host } from '../host-contract';
import { isContactError } from './batch-outcome';
import { contactPages } from './crm-pages';

export class CrmLookalikes {
  private index: DuplicateIndex | null = null;
  private region: string | null = null;
  /** The latest update time seen: the next refresh asks for contacts changed from then on. */
  private since: string | null = null;
  private refreshing: Promise<DuplicateIndex> | null = null;

  constructor(private readonly host: Host) {}

  /** The index, up to date with the CRM; concurrent callers share one refresh. */
  current(options: CompareOptions): Promise<DuplicateIndex> {
    this.refreshing ??= this.refresh(options).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refresh(options: CompareOptions): Promise<DuplicateIndex> {
    if (this.index === null || this.region !== options.region) {
      this.index = new DuplicateIndex(options);
      this.region = options.region;
      this.since = null;
    }
    const query = this.since === null ? {} : { changedSince: this.since };
    for await (const page of contactPages(this.host, query)) for (const contact of page) this.put(contact);
    return this.index;
  }

  private put(contact: CrmContact): void {
    if (this.since === null || contact.updatedAt > this.since) this.since = contact.updatedAt;
    try {
      this.index!.put({ id: contact.id, card: contactToCard(contact, null), visibleTo: contact.private ? (contact.createdBy ?? -1) : null });
    } catch (e) {
      // A contact whose data cannot be read as a card (a stored birthday that is no date) is simply not compared.
      if (!isContactError(e)) throw e;
      this.index!.remove(contact.id);
    }
  }
}
