/**
 * Page rendering: a view of host/views/ (or a module's ready HTML) inside the layout — top bar, left menu with the
 * enabled modules' entries, flash message — and, for contact pages, the card header with its tabs.
 */
import { join } from 'node:path';
import ejs from 'ejs';
import type { Request, Response } from 'express';
import type { PageOptions } from '../../src/host-contract';
import { LOCALES, type Translator } from '../i18n';
import type { ModuleRegistry } from '../modules/registry';
import type { ContactService } from '../services/contacts';
import type { ThirdPartyService } from '../services/thirdparties';
import { context, csrfToken } from './context';

const VIEWS = join(import.meta.dirname, '..', 'views');

export interface ViewOptions {
  title: string;
  status?: number;
  /** Wraps the view in a contact card with its tabs; `tabId` is 'card' for the host's own card tab. */
  contactTab?: { contactId: number; tabId: string; moduleId?: string };
}

export class PageRenderer {
  constructor(
    private readonly translator: Translator,
    private readonly modules: () => ModuleRegistry,
    private readonly contacts: ContactService,
    private readonly thirdParties: ThirdPartyService,
  ) {}

  /** A string of the host's catalog in the reader's language (page titles). */
  t(req: Request, key: string, params?: Record<string, string | number>): string {
    return this.translator.t(context(req).locale, key, params);
  }

  /** Renders host/views/<view>.ejs with `locals` and sends it in the layout. */
  async view(req: Request, res: Response, view: string, locals: Record<string, unknown>, options: ViewOptions): Promise<void> {
    const body = await this.render(view, { ...this.base(req), ...locals });
    await this.send(req, res, body, options);
  }

  /** For modules: their HTML in the layout (PageOptions of the host contract). */
  async page(req: Request, res: Response, options: PageOptions, moduleId: string): Promise<void> {
    const { body, ...rest } = options;
    await this.send(req, res, body, { ...rest, ...(options.contactTab ? { contactTab: { ...options.contactTab, moduleId } } : {}) });
  }

  private async send(req: Request, res: Response, body: string, options: ViewOptions): Promise<void> {
    const base = this.base(req);
    let content = body;
    if (options.contactTab) content = await this.contactCard(req, options.contactTab, body);
    const { user, locale } = context(req);
    const menus = user ? await this.modules().menusFor(user, locale) : [];
    const flash = req.session?.flash ?? null;
    if (req.session) delete req.session.flash;
    const html = await this.render('layout', { ...base, title: options.title, content, menus, flash });
    res.status(options.status ?? 200).type('html').send(html);
  }

  private async contactCard(req: Request, tab: NonNullable<ViewOptions['contactTab']>, body: string): Promise<string> {
    const { user, locale } = context(req);
    const contact = user ? await this.contacts.get({ userId: user.id }, tab.contactId) : null;
    const thirdParty = contact?.thirdPartyId ? await this.thirdParties.get(contact.thirdPartyId) : null;
    const moduleTabs = user ? await this.modules().tabsFor(user, locale) : [];
    const tabs = [
      { id: 'card', moduleId: null as string | null, label: this.translator.t(locale, 'contact.tab.card'), href: `/contacts/${tab.contactId}` },
      ...moduleTabs.map((t) => ({ id: t.id, moduleId: t.moduleId as string | null, label: t.label, href: `/m/${t.moduleId}${t.path.replace(':id', String(tab.contactId))}` })),
    ];
    const active = (t: { id: string; moduleId: string | null }) => t.id === tab.tabId && (t.moduleId ?? undefined) === tab.moduleId;
    return this.render('partials/contact-card', { ...this.base(req), contact, thirdParty, tabs, active, body });
  }

  private base(req: Request) {
    const { user, locale } = context(req);
    const t = (key: string, params?: Record<string, string | number>) => this.translator.t(locale, key, params);
    const msg = (message: string) => this.translator.message(locale, message);
    return { user, locale, locales: LOCALES, t, msg, csrfToken: req.session ? csrfToken(req) : '', path: req.baseUrl + req.path };
  }

  private render(view: string, locals: Record<string, unknown>): Promise<string> {
    return ejs.renderFile(join(VIEWS, `${view}.ejs`), locals, { async: false });
  }
}
