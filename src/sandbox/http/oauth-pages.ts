import type { Account } from '../accounts';
import { esc, hidden, page } from './html';

export interface AuthRequest {
  client_id: string;
  redirect_uri: string;
  response_type: string;
  scope: string;
  state?: string;
  access_type?: string;
  prompt?: string;
  login_hint?: string;
}

const SCOPE_LABELS: Record<string, string> = {
  'https://www.googleapis.com/auth/contacts': 'See, edit, download, and permanently delete your contacts',
  'https://www.googleapis.com/auth/contacts.readonly': 'See and download your contacts',
  'https://www.googleapis.com/auth/userinfo.email': 'See your primary Google Account email address',
  'https://www.googleapis.com/auth/userinfo.profile': 'See your personal info, including any personal info you\'ve made publicly available',
  email: 'See your primary Google Account email address',
  profile: 'See your personal info, including any personal info you\'ve made publicly available',
  openid: 'Associate you with your personal info on Google',
};

function carried(req: AuthRequest): string {
  return hidden({ ...req });
}

export function chooserPage(req: AuthRequest, accounts: Account[]): string {
  const items = accounts.map((a) => `<li><span>${esc(a.name)}<br><span class="muted">${esc(a.email)}</span></span>` +
    `<form method="post" action="/o/oauth2/v2/auth/choose">${carried(req)}${hidden({ email: a.email })}` +
    `<button type="submit" data-email="${esc(a.email)}">${a.email === req.login_hint ? 'Continue' : 'Choose'}</button></form></li>`).join('');
  return page('Sign in – Google Accounts (sandbox)', `<h1>Choose an account</h1>` +
    `<p class="muted">to continue to <b>${esc(req.client_id)}</b> · Google sandbox</p>` +
    `<ul class="list">${items}</ul>` +
    `<h2>Use another account</h2><form method="post" action="/o/oauth2/v2/auth/choose">${carried(req)}` +
    `<label for="email">Email</label><input id="email" type="email" name="email" required value="${esc(req.login_hint ?? '')}">` +
    `<button type="submit" id="next">Next</button></form>`);
}

export function consentPage(req: AuthRequest, account: Account): string {
  const scopes = req.scope.split(/\s+/).filter(Boolean)
    .map((s) => `<li><span>${esc(SCOPE_LABELS[s] ?? s)}</span></li>`).join('');
  const form = (decision: string, label: string, cls: string): string =>
    `<form method="post" action="/o/oauth2/v2/auth/consent" class="inline">${carried(req)}` +
    `${hidden({ email: account.email, decision })}<button type="submit" id="${decision}" class="${cls}">${label}</button></form>`;
  return page('Grant access – Google Accounts (sandbox)', `<h1>${esc(req.client_id)} wants to access your Google Account</h1>` +
    `<p class="muted">${esc(account.email)}</p><h2>This will allow ${esc(req.client_id)} to:</h2><ul class="list">${scopes}</ul>` +
    `<p class="row">${form('deny', 'Cancel', 'secondary')} ${form('allow', 'Allow', '')}</p>`);
}

export function errorPage(code: number, error: string, detail: string): string {
  return page('Error – Google Accounts (sandbox)', `<h1>Access blocked: authorisation error</h1>` +
    `<p><b>Error ${code}: ${esc(error)}</b></p><p class="muted">${esc(detail)}</p>`);
}
