/** The GContacts tab over HTTP, as the tab suites drive it. */
import { googleOf, type SyncWorld } from '../sync/helpers';

export const ADMIN_KEY = 'demo-admin-key';

/** The tab over HTTP as a script would use it (API key: no cookie, so no CSRF token to carry). */
export function tabClient(world: SyncWorld, key = ADMIN_KEY) {
  const url = (id: number, rest = '') => `${world.crm.url}/m/gcontacts/contact/${id}${rest}`;
  return {
    async get(id: number) {
      const res = await fetch(url(id), { headers: { DOLAPIKEY: key } });
      return { status: res.status, html: await res.text() };
    },
    async post(id: number, fields: Record<string, string>) {
      const res = await fetch(url(id), { method: 'POST', headers: { DOLAPIKEY: key, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });
      return { status: res.status, html: await res.text() };
    },
    async download(id: number, rest: string) {
      const res = await fetch(url(id, rest), { headers: { DOLAPIKEY: key } });
      return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), text: await res.text() };
    },
  };
}

export function fingerprintOf(html: string): string {
  const found = /name="fingerprint" value="([0-9a-f]+)"/.exec(html)?.[1];
  if (!found) throw new Error('the tab shows no action form');
  return found;
}

/** The `data-state` of the comparison row of a field, or null when the tab shows no such row. */
export function rowState(html: string, field: string): string | null {
  return new RegExp(`<tr data-state="(\\w+)" data-field="${field}"`).exec(html)?.[1] ?? null;
}

/** A phone user's edit of the person linked to a contact. */
export async function phoneEdit(world: SyncWorld, contactId: number, mobile: string): Promise<void> {
  const person = await googleOf(world, contactId);
  const phones = (person.phoneNumbers ?? []).filter((p) => p.type !== 'mobile');
  await world.google.people.updateContact({
    resourceName: person.resourceName!,
    updatePersonFields: 'phoneNumbers',
    requestBody: { etag: person.etag, phoneNumbers: [...phones, { value: mobile, type: 'mobile' }] },
  });
}

