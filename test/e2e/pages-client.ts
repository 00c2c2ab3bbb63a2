/**
 * A tiny browser for the page tests: real HTTP with fetch, a cookie jar by hand, and the CSRF token taken from the
 * last HTML page seen — the way a person's browser carries both.
 */
export interface PageResponse {
  status: number;
  html: string;
  /** Redirect target, for 3xx answers (redirects are not followed). */
  location: string | null;
  headers: Headers;
}

export class PageClient {
  private readonly cookies = new Map<string, string>();
  private csrf: string | null = null;

  /** `headers` go with every request (an Accept-Language, a proxy's X-Forwarded-For). */
  constructor(
    readonly baseUrl: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  async get(path: string): Promise<PageResponse> {
    return this.send(path, { method: 'GET' });
  }

  /** Posts a form as a browser would, with the session's CSRF token unless `_csrf` is given. */
  async post(path: string, fields: Record<string, string | string[]> = {}): Promise<PageResponse> {
    if (this.csrf === null && !('_csrf' in fields)) await this.get('/');
    const body = new URLSearchParams();
    if (!('_csrf' in fields)) body.append('_csrf', this.csrf ?? '');
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return this.send(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  /** Signs in through the login form; throws if the CRM refuses. */
  async login(login: string, password: string): Promise<void> {
    await this.get('/login');
    const res = await this.post('/login', { login, password, next: '/' });
    if (res.status !== 302) throw new Error(`login of ${login} failed with ${res.status}`);
    // The session id changes at sign-in, and with it the CSRF token.
    this.csrf = null;
    await this.get('/');
  }

  private async send(path: string, init: RequestInit): Promise<PageResponse> {
    const headers = new Headers({ ...this.headers, ...Object.fromEntries(new Headers(init.headers)) });
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    headers.set('accept', 'text/html');
    const res = await fetch(this.baseUrl + path, { ...init, headers, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    const html = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token) this.csrf = token;
    return { status: res.status, html, location: res.headers.get('location'), headers: res.headers };
  }
}

/** The text of an HTML fragment without tags, whitespace collapsed, entities of escaped data decoded. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The message shown beside a form field (class field-error inside the field's block), or null. */
export function fieldError(html: string, name: string): string | null {
  const block = new RegExp(`<div class="field invalid[^"]*">(?:(?!<div class="field).)*?name="${name}"(?:(?!<div class="field).)*?<span class="field-error">([^<]*)</span>`, 's').exec(html);
  return block ? textOf(block[1]!) : null;
}

/** The value an input shows (text-like inputs only). */
export function inputValue(html: string, name: string): string | null {
  const m = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html);
  return m ? textOf(m[1]!) : null;
}
