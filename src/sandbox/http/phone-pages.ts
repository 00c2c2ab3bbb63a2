import type { Account } from '../accounts';
import { MY_CONTACTS, type StoredContact, type StoredGroup } from '../domain/address-book';
import { personEtag } from '../domain/render';
import { esc, hidden, page } from './html';

export const phoneBase = (a: Account): string => `/phone/${encodeURIComponent(a.email)}`;
const contactId = (c: StoredContact): string => c.resourceName.slice('people/'.length);

export function displayName(c: StoredContact): string {
  const n = c.fields.names?.[0];
  const name = [n?.givenName, n?.familyName].filter(Boolean).join(' ') || n?.unstructuredName;
  return name || c.fields.emailAddresses?.[0]?.value || c.fields.phoneNumbers?.[0]?.value || '(no name)';
}

/** Groups a phone shows as labels: My Contacts, Starred, and the user's own groups. */
export function labelGroups(a: Account): StoredGroup[] {
  return [...a.book.groups.values()].filter((g) => !g.deleted && (!g.system || g.resourceName === MY_CONTACTS || g.resourceName === 'contactGroups/starred'));
}

const groupLabel = (g: StoredGroup): string => (g.resourceName === MY_CONTACTS ? 'My Contacts' : g.resourceName === 'contactGroups/starred' ? 'Starred' : g.name);

export function pickerPage(accounts: Account[]): string {
  const items = accounts.map((a) => `<li><a href="${esc(phoneBase(a))}">${esc(a.email)}</a><span class="muted">${a.book.contacts.size} contacts</span></li>`).join('');
  return page('Phone – Google sandbox', `<h1>Which phone?</h1><p class="muted">Each sandbox Google account is one phone's address book.</p>` +
    `<ul class="list">${items || '<li class="muted">No accounts yet. Connect one from the CRM, or open one below.</li>'}</ul>` +
    `<form method="get" action="/phone/open"><label for="email">Account email</label><input id="email" type="email" name="email" required>` +
    `<button type="submit">Open</button></form>`);
}

export function listPage(a: Account, contacts: StoredContact[], filter: string | undefined, notice?: string): string {
  const groups = labelGroups(a);
  const nav = [`<a href="${esc(phoneBase(a))}">All</a>`, ...groups.map((g) =>
    `<a href="${esc(phoneBase(a))}?group=${encodeURIComponent(g.resourceName)}">${esc(groupLabel(g))} (${g.members.size})</a>`)].join('');
  const rows = contacts.map((c) => {
    const chips = c.groups.map((g) => a.book.groups.get(g)).filter((g): g is StoredGroup => !!g)
      .map((g) => `<span class="chip">${esc(groupLabel(g))}</span>`).join('');
    const sub = c.fields.phoneNumbers?.[0]?.value ?? c.fields.emailAddresses?.[0]?.value ?? '';
    return `<li data-resource="${esc(c.resourceName)}"><span><a href="${esc(phoneBase(a))}/c/${esc(contactId(c))}">${esc(displayName(c))}</a>` +
      `<br><span class="muted">${esc(sub)}</span><br>${chips}</span></li>`;
  }).join('');
  const shown = filter ? a.book.groups.get(filter) : undefined;
  const title = shown ? groupLabel(shown) : 'Contacts';
  return page(`${a.email} – phone`, `<h1>${esc(title)}</h1><p class="muted">${esc(a.email)}</p>` +
    (notice ? `<p role="status">${esc(notice)}</p>` : '') +
    `<nav>${nav}</nav><p><a class="btn" href="${esc(phoneBase(a))}/new" id="add">+ New contact</a></p>` +
    `<ul class="list" id="contacts">${rows || '<li class="muted">No contacts</li>'}</ul>` +
    `<h2>New label</h2><form method="post" action="${esc(phoneBase(a))}/groups" class="row">` +
    `<input type="text" name="name" required placeholder="Label name"><button type="submit">Create label</button></form>`);
}

function field(name: string, label: string, value: string | null | undefined, type = 'text'): string {
  return `<label for="${name}">${label}</label><input id="${name}" type="${type}" name="${name}" value="${esc(value ?? '')}">`;
}

/** One form for new and existing contacts; group checkboxes are how a phone moves a contact between labels. */
export function editPage(a: Account, c: StoredContact | undefined, error?: string): string {
  const n = c?.fields.names?.[0];
  const groups = labelGroups(a).map((g) => {
    const checked = c ? c.groups.includes(g.resourceName) : g.resourceName === MY_CONTACTS;
    return `<label><input type="checkbox" name="groups" value="${esc(g.resourceName)}"${checked ? ' checked' : ''}> ${esc(groupLabel(g))}</label><br>`;
  }).join('');
  const action = c ? `${phoneBase(a)}/c/${contactId(c)}` : `${phoneBase(a)}/contacts`;
  const del = c ? `<form method="post" action="${esc(action)}/delete"><button type="submit" class="danger" id="delete">Delete contact</button></form>` : '';
  return page(c ? `Edit ${displayName(c)}` : 'New contact', `<p><a href="${esc(phoneBase(a))}">‹ Contacts</a></p>` +
    `<h1>${c ? esc(displayName(c)) : 'New contact'}</h1>` + (error ? `<p role="alert" style="color:#d93025">${esc(error)}</p>` : '') +
    `<form method="post" action="${esc(action)}">${c ? hidden({ etag: personEtag(c) }) : ''}` +
    field('givenName', 'First name', n?.givenName) + field('familyName', 'Last name', n?.familyName) +
    field('phone', 'Phone', c?.fields.phoneNumbers?.[0]?.value, 'tel') + field('email', 'Email', c?.fields.emailAddresses?.[0]?.value, 'email') +
    field('company', 'Company', c?.fields.organizations?.[0]?.name) + field('title', 'Job title', c?.fields.organizations?.[0]?.title) +
    `<label for="note">Notes</label><textarea id="note" name="note">${esc(c?.fields.biographies?.[0]?.value ?? '')}</textarea>` +
    `<h2>Labels</h2>${groups}<p><button type="submit" id="save">Save</button></p></form>${del}`);
}
