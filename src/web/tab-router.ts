/**
 * The GContacts tab of a contact card: per account, the contact's state in words and the field-by-field comparison
 * with Google (read live), the actions that settle differences, the "Sync with Google" control, and vCard downloads
 * of both versions. `gcontacts.read` sees it, `gcontacts.sync` acts; a private contact's tab is its owner's alone.
 *
 * Every action names the fingerprint of the view it was drawn from: the view is read again first, and if the
 * contact changed meanwhile (in the CRM or in Google) nothing is applied — the page answers with the new
 * comparison. After an action, the page shows what changed, measured by comparing the views before and after.
 */
import { Router, type Request, type Response } from 'express';
import { CARD_FIELDS, type CardField } from '../core/card';
import { contactToCard } from '../core/crm-card';
import { diffCards } from '../core/diff';
import { differingFields } from '../core/tab-compare';
import { cardToVCard, peopleToVCards } from '../core/vcard';
import { GContactsError, isGContactsError } from '../errors';
import type { CrmContact, Host } from '../host-contract';
import { createSync, type Sync } from '../sync';
import {
  leaveUnlinked, recreateInGoogle, restoreValue, saveSyncFlag, sendCrmValues, settleConflict, syncContactNow, useGoogleValues,
  type ActionOutcome,
} from '../sync/tab-actions';
import { loadTabView, type TabView } from '../sync/tab-view';
import { idParam, requireRight } from './guard';
import { renderView } from './render';
import { tabPage, type TabMessage } from './tab-page';

const ACTIONS = ['use-google', 'send-crm', 'use-all-google', 'send-all-crm', 'sync-now', 'keep-crm', 'keep-google', 'restore', 'recreate', 'leave-unlinked', 'sync-flag'] as const;
type Action = (typeof ACTIONS)[number];

export function tabRouter(host: Host): Router {
  const router = Router();
  let engine: Sync | null = null;
  // Built at the first request: register does no I/O, and building it may create the token key file.
  const sync = () => (engine ??= createSync(host));
  const t = (req: Request, key: string, params?: Record<string, string | number>) => host.i18n.t(host.ui.locale(req), key, params);

  /** The contact, if this reader may see it: the module sees private contacts, the reader only their own. */
  const visibleContact = async (req: Request): Promise<CrmContact> => {
    const contact = await host.contacts.get(idParam(host, req));
    if (!contact || (contact.private && contact.createdBy !== host.ui.user(req).id)) {
      throw new GContactsError('NOT_FOUND', t(req, 'error.contact_not_found'));
    }
    return contact;
  };

  const show = async (req: Request, res: Response, view: TabView, messages: TabMessage[], status = 200) => {
    const body = await renderView(host, req, 'tab', await tabPage(host, sync().context, req, view, messages));
    host.ui.page(req, res, { title: t(req, 'tab.label'), body, contactTab: { contactId: view.contact.id, tabId: 'gcontacts' }, status });
  };

  router.get('/contact/:id', requireRight(host, 'gcontacts.read'), async (req, res) => {
    await show(req, res, await loadTabView(sync().context, await visibleContact(req)), []);
  });

  router.post('/contact/:id', requireRight(host, 'gcontacts.read'), requireRight(host, 'gcontacts.sync'), async (req, res) => {
    const form = req.body as Record<string, unknown>;
    const action = String(form.action ?? '') as Action;
    if (!ACTIONS.includes(action)) throw new GContactsError('BAD_INPUT', t(req, 'tab.error.bad_action'), { field: 'action' });
    const before = await loadTabView(sync().context, await visibleContact(req));
    if (String(form.fingerprint ?? '') !== before.fingerprint) {
      await show(req, res, before, [{ kind: 'error', text: t(req, 'tab.stale') }], 409);
      return;
    }
    let outcome: ActionOutcome;
    try {
      outcome = await run(sync(), before, action, form, host.ui.user(req).id, (key) => t(req, key));
    } catch (e) {
      const refusal = refusalOf(e);
      if (!refusal) throw e;
      await show(req, res, await loadTabView(sync().context, await visibleContact(req)), [{ kind: 'error', text: t(req, refusal.key) }], refusal.status);
      return;
    }
    const after = await loadTabView(sync().context, await visibleContact(req));
    await show(req, res, after, describe(req, action, before, after, outcome));
  });

  router.get('/contact/:id/vcard/crm', requireRight(host, 'gcontacts.read'), async (req, res) => {
    const contact = await visibleContact(req);
    const thirdParty = contact.thirdPartyId === null ? null : await host.contacts.thirdParty(contact.thirdPartyId);
    sendVCard(res, `contact-${contact.id}-crm.vcf`, cardToVCard(contactToCard(contact, thirdParty), `crm-contact-${contact.id}`));
  });

  router.get('/contact/:id/vcard/google/:account', requireRight(host, 'gcontacts.read'), async (req, res) => {
    const view = await loadTabView(sync().context, await visibleContact(req));
    const accountId = idParam(host, req, 'account');
    const a = view.accounts.find((x) => x.account.id === accountId);
    if (!a || a.google.kind !== 'live') throw new GContactsError('NOT_FOUND', t(req, 'tab.error.no_google_version'));
    sendVCard(res, `contact-${view.contact.id}-google.vcf`, peopleToVCards([a.google.person]));
  });

  /** The messages saying what an action changed, from the views before and after it. */
  function describe(req: Request, action: Action, before: TabView, after: TabView, outcome: ActionOutcome): TabMessage[] {
    const label = (fields: readonly CardField[]) => fields.map((f) => t(req, `tab.field.${f}`)).join(', ');
    const out: TabMessage[] = [];
    const compare = before.settings.compare;
    const crmChanged = diffCards(before.crmCard, after.crmCard, compare);
    if (crmChanged.length > 0) out.push({ kind: 'ok', text: t(req, 'tab.done.crm', { fields: label(crmChanged) }) });
    for (const a of after.accounts) {
      const was = before.accounts.find((b) => b.account.id === a.account.id);
      if (!was?.googleCard || !a.googleCard || a.google.kind !== 'live') continue;
      const changed = diffCards(was.googleCard, a.googleCard, compare);
      if (changed.length > 0) out.push({ kind: 'ok', text: t(req, 'tab.done.google', { account: a.account.email, fields: label(changed) }) });
    }
    if (action === 'sync-flag') out.push({ kind: 'ok', text: t(req, after.syncFlag ? 'tab.done.flag_on' : 'tab.done.flag_off') });
    if (action === 'leave-unlinked') out.push({ kind: 'ok', text: t(req, 'tab.done.left_unlinked') });
    if (action === 'recreate' && after.accounts.some((a) => a.state === 'synced')) out.push({ kind: 'ok', text: t(req, 'tab.done.recreated') });
    if (outcome.notTaken.length > 0) out.push({ kind: 'info', text: t(req, 'tab.done.not_taken', { fields: label(outcome.notTaken) }) });
    for (const r of outcome.failed) {
      out.push({ kind: 'error', text: t(req, r.status === 'busy' ? 'tab.done.busy' : 'tab.done.failed', { account: r.account.email }) });
    }
    if (out.length === 0) out.push({ kind: 'ok', text: t(req, 'tab.done.nothing') });
    return out;
  }

  return router;
}

async function run(sync: Sync, view: TabView, action: Action, form: Record<string, unknown>, userId: number, t: (key: string) => string): Promise<ActionOutcome> {
  const actor = { userId };
  const accountId = Number(form.account);
  const field = String(form.field ?? '') as CardField;
  const one = () => {
    if (!(CARD_FIELDS as readonly string[]).includes(field)) throw new GContactsError('BAD_INPUT', t('tab.error.bad_action'), { field: 'field' });
    return [field];
  };
  const rowsOf = () => view.accounts.find((a) => a.account.id === accountId)?.rows ?? [];
  switch (action) {
    case 'use-google':
      return useGoogleValues(sync, view, accountId, one(), actor);
    case 'send-crm':
      return sendCrmValues(sync, view, accountId, one(), actor);
    case 'use-all-google':
      return useGoogleValues(sync, view, accountId, differingFields(rowsOf(), 'google-writable'), actor);
    case 'send-all-crm':
      return sendCrmValues(sync, view, accountId, differingFields(rowsOf()), actor);
    case 'sync-now':
      return syncContactNow(sync, view, actor);
    case 'keep-crm':
    case 'keep-google':
      return settleConflict(sync, view, Number(form.conflict), action === 'keep-crm' ? 'crm' : 'google', actor);
    case 'restore':
      return restoreValue(sync, view, Number(form.overwritten), actor);
    case 'recreate':
      return recreateInGoogle(sync, view, accountId, actor);
    case 'leave-unlinked':
      return leaveUnlinked(sync, view, accountId, actor);
    case 'sync-flag':
      return saveSyncFlag(sync, view, form.syncFlag === 'on' || form.syncFlag === '1', actor);
  }
}

/**
 * An action refused without anything applied, answered on the tab in the reader's words: the contact changed
 * between our read and our write (its version moved: the same answer as a stale view), the CRM refused Google's
 * value, or a form the page never offers (a field, account or conflict that is not this contact's).
 */
function refusalOf(e: unknown): { key: string; status: number } | null {
  const code = (e as { code?: string } | null)?.code;
  if (code === 'CONFLICT') return { key: 'tab.stale', status: 409 };
  if (isGContactsError(e, 'BAD_INPUT')) return { key: e.details?.refusedBy === 'crm' ? 'tab.error.crm_refused' : 'tab.error.bad_action', status: 400 };
  if (isGContactsError(e, 'GOOGLE_UNAVAILABLE')) return { key: 'tab.error.no_google_version', status: 503 };
  return null;
}

function sendVCard(res: Response, filename: string, text: string): void {
  res.status(200).attachment(filename).set('Content-Type', 'text/vcard; charset=utf-8').send(text);
}
