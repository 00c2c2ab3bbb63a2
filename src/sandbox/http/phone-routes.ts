import express, { type Request, type Response } from 'express';
import type { people_v1 } from 'googleapis';
import type { Account } from '../accounts';
import { ApiError } from '../api-error';
import type { StoredContact } from '../domain/address-book';
import { createContact, deleteContact, getContact, updateContact } from '../domain/contacts';
import type { WriteField } from '../domain/fields';
import { createGroup } from '../domain/groups';
import type { SandboxState } from '../state';
import { formOf, type FormBody } from './params';
import { displayName, editPage, listPage, phoneBase, pickerPage } from './phone-pages';

type Person = people_v1.Schema$Person;

/** The fields the phone form edits; an update names exactly these, like a client sending an updatePersonFields mask. */
const PHONE_FIELDS: WriteField[] = ['names', 'phoneNumbers', 'emailAddresses', 'organizations', 'biographies', 'memberships'];

const text = (b: FormBody, k: string): string => {
  const v = b[k];
  return (Array.isArray(v) ? v[0] ?? '' : v ?? '').trim();
};

/**
 * Replaces only the first item of a list field, as a phone's edit screen does, and keeps the rest: the phone must
 * not destroy data it does not show (extra numbers the CRM put there, for instance).
 */
function firstItem<T extends object>(stored: T[] | undefined, patch: Partial<T> | undefined): T[] {
  const rest = (stored ?? []).slice(1);
  if (!patch) return rest;
  return [{ ...(stored?.[0] ?? {}), ...patch } as T, ...rest];
}

function personFromForm(b: FormBody, stored: StoredContact | undefined): Person {
  const f = stored?.fields ?? {};
  const given = text(b, 'givenName');
  const family = text(b, 'familyName');
  const phone = text(b, 'phone');
  const email = text(b, 'email');
  const company = text(b, 'company');
  const title = text(b, 'title');
  const note = text(b, 'note');
  const groups = ([] as string[]).concat(b.groups ?? []);
  return {
    names: given || family ? [{ ...(f.names?.[0] ?? {}), givenName: given || undefined, familyName: family || undefined, unstructuredName: undefined }] : [],
    phoneNumbers: firstItem(f.phoneNumbers, phone ? { value: phone, ...(f.phoneNumbers?.[0] ? {} : { type: 'mobile' }) } : undefined),
    emailAddresses: firstItem(f.emailAddresses, email ? { value: email, ...(f.emailAddresses?.[0] ? {} : { type: 'home' }) } : undefined),
    organizations: firstItem(f.organizations, company || title ? { name: company || undefined, title: title || undefined } : undefined),
    biographies: note ? [{ ...(f.biographies?.[0] ?? {}), value: note, contentType: 'TEXT_PLAIN' }] : [],
    memberships: groups.map((g) => ({ contactGroupMembership: { contactGroupResourceName: g } })),
  };
}

/**
 * The phone view: a person's address book as a phone shows it. Every write goes through the same domain functions
 * as the API, so etags, update times and sync listings move exactly as they do for API writes.
 */
export function phoneRouter(state: SandboxState): express.Router {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false }));

  const account = (req: Request, res: Response): Account | undefined => {
    const a = state.registry.accounts.get(String(req.params.email ?? '').toLowerCase());
    if (!a) res.status(404).type('html').send(pickerPage([...state.registry.accounts.values()]));
    return a;
  };
  const contact = (a: Account, id: unknown): StoredContact => getContact(a.book, `people/${String(id)}`);
  const showError = (res: Response, a: Account, c: StoredContact | undefined, e: unknown): void => {
    if (!(e instanceof ApiError)) throw e;
    res.status(e.httpCode).type('html').send(editPage(a, c, e.message));
  };

  router.get('/', (_req, res) => {
    res.type('html').send(pickerPage([...state.registry.accounts.values()]));
  });
  router.get('/open', (req, res) => {
    const email = String(req.query.email ?? '').trim().toLowerCase();
    if (/^[^@\s]+@[^@\s]+$/.test(email)) state.registry.ensureAccount(email);
    res.redirect(303, `/phone/${encodeURIComponent(email)}`);
  });
  router.get('/:email', (req, res) => {
    const a = account(req, res);
    if (!a) return;
    const filter = typeof req.query.group === 'string' ? req.query.group : undefined;
    const contacts = [...a.book.contacts.values()].filter((c) => !filter || c.groups.includes(filter))
      .sort((x, y) => displayName(x).localeCompare(displayName(y)));
    res.type('html').send(listPage(a, contacts, filter));
  });
  router.get('/:email/new', (req, res) => {
    const a = account(req, res);
    if (a) res.type('html').send(editPage(a, undefined));
  });
  router.post('/:email/contacts', (req, res) => {
    const a = account(req, res);
    if (!a) return;
    try {
      createContact(a.book, personFromForm(formOf(req), undefined), state.now());
      res.redirect(303, phoneBase(a));
    } catch (e) {
      showError(res, a, undefined, e);
    }
  });
  router.get('/:email/c/:id', (req, res) => {
    const a = account(req, res);
    if (!a) return;
    try {
      res.type('html').send(editPage(a, contact(a, req.params.id)));
    } catch (e) {
      showError(res, a, undefined, e);
    }
  });
  router.post('/:email/c/:id', (req, res) => {
    const a = account(req, res);
    if (!a) return;
    let c: StoredContact | undefined;
    try {
      c = contact(a, req.params.id);
      const body = formOf(req);
      const person = { ...personFromForm(body, c), etag: text(body, 'etag') };
      updateContact(a.book, c.resourceName, person, PHONE_FIELDS, state.now());
      res.redirect(303, phoneBase(a));
    } catch (e) {
      showError(res, a, c, e);
    }
  });
  router.post('/:email/c/:id/delete', (req, res) => {
    const a = account(req, res);
    if (!a) return;
    try {
      deleteContact(a.book, `people/${req.params.id}`, state.now());
      res.redirect(303, phoneBase(a));
    } catch (e) {
      showError(res, a, undefined, e);
    }
  });
  router.post('/:email/groups', (req, res) => {
    const a = account(req, res);
    if (!a) return;
    try {
      createGroup(a.book, { name: text(formOf(req), 'name') }, state.now());
      res.redirect(303, phoneBase(a));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      res.status(e.httpCode).type('html').send(listPage(a, [...a.book.contacts.values()], undefined, e.message));
    }
  });
  return router;
}
