/**
 * Completes the sandbox's OAuth pages without a browser, the way a browser would: it loads the authorisation URL,
 * reads the forms out of the account chooser and the consent page, and submits them. It goes through the same
 * pages and checks as a person clicking (no control-API shortcut), so `accounts connect` in sandbox mode proves
 * the real OAuth flow. Only ever pointed at the sandbox: Google's pages need a person, and a password.
 */
import { GContactsError } from '../errors';

interface Form {
  action: string;
  method: string;
  fields: URLSearchParams;
}

/** Reads every form's action and its named inputs (hidden or visible, with their current values). */
export function parseForms(html: string): Form[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)].map((m) => {
    const attrs = attributes(m[1] ?? '');
    const fields = new URLSearchParams();
    for (const input of (m[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
      const a = attributes(input[1] ?? '');
      if (a.name !== undefined) fields.append(a.name, a.value ?? '');
    }
    return { action: attrs.action ?? '', method: (attrs.method ?? 'get').toLowerCase(), fields };
  });
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z_:][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    out[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? '');
  }
  return out;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#\d+|#x[\da-f]+|amp|lt|gt|quot|apos);/gi, (whole, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (e[0] !== '#') return named[e.toLowerCase()] ?? whole;
    return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

async function page(res: Response, step: string): Promise<string> {
  if (res.status !== 200) {
    throw new GContactsError('GOOGLE_AUTH', `sandbox sign-in: the ${step} page answered ${res.status}`, { reconnect: true, status: res.status });
  }
  return res.text();
}

const STEP_TIMEOUT_MS = 20_000;

async function load(url: URL | string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(STEP_TIMEOUT_MS) });
  } catch (e) {
    throw new GContactsError('GOOGLE_UNAVAILABLE', `sandbox sign-in: ${new URL(url).origin} did not answer (${(e as Error).name})`, { ambiguous: false });
  }
}

function submit(base: string, form: Form): Promise<Response> {
  return load(new URL(form.action, base), { method: 'POST', body: form.fields });
}

/**
 * Signs `email` in on the sandbox and allows the consent; returns the redirect Google's consent answers with
 * (the client's redirect URI carrying code and state, or an error). The redirect is read, never followed.
 */
export async function completeSandboxConsent(authUrl: string, email: string): Promise<URL> {
  const chooserHtml = await page(await load(authUrl), 'account chooser');
  // The chooser lists known accounts, and a "use another account" form prefilled from login_hint.
  const chooser = parseForms(chooserHtml).filter((f) => f.method === 'post' && f.fields.has('email'));
  const pick = chooser.find((f) => f.fields.get('email')?.toLowerCase() === email.toLowerCase()) ?? chooser.find((f) => f.fields.get('email') === '');
  if (!pick) throw new GContactsError('GOOGLE_AUTH', 'sandbox sign-in: no account form on the chooser page', { reconnect: true });
  pick.fields.set('email', email);

  const consentHtml = await page(await submit(authUrl, pick), 'consent');
  const allow = parseForms(consentHtml).find((f) => f.method === 'post' && f.fields.get('decision') === 'allow');
  if (!allow) throw new GContactsError('GOOGLE_AUTH', 'sandbox sign-in: no Allow button on the consent page', { reconnect: true });

  const answer = await submit(authUrl, allow);
  const location = answer.headers.get('location');
  if (answer.status < 300 || answer.status >= 400 || !location) {
    throw new GContactsError('GOOGLE_AUTH', `sandbox sign-in: the consent answered ${answer.status} without a redirect`, { reconnect: true });
  }
  return new URL(location, authUrl);
}
