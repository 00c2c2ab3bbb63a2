/**
 * Dolibarr's REST API over fetch, authenticated with a DOLAPIKEY header. Errors come back as
 * {error:{code,message},debug} (FACTS §10) and become a HostError whose code says what the caller can do about it;
 * the message keeps Dolibarr's own words for the log, never the SQL a 503 leaks (FACTS §10).
 */
import { HostError, type HostErrorCode } from '../../host/errors';
import type { DolibarrObject } from './mapping';

export class DolibarrError extends HostError {
  constructor(
    code: HostErrorCode,
    message: string,
    /** The HTTP status Dolibarr answered (0 when it did not answer). */
    readonly httpStatus: number,
  ) {
    super(code, message);
    this.name = 'DolibarrError';
  }
}

const CODES: Record<number, HostErrorCode> = { 400: 'BAD_INPUT', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT' };

export interface DolibarrApiOptions {
  /** The API base, e.g. http://erp.example/api/index.php */
  url: string;
  apiKey: string;
  timeoutMs?: number;
}

export type Query = Record<string, string | number | boolean | undefined>;

export class DolibarrApi {
  private readonly base: string;

  constructor(private readonly options: DolibarrApiOptions) {
    this.base = options.url.replace(/\/+$/, '');
  }

  /** The same API as another Dolibarr user (a person signing in with their own key). */
  as(apiKey: string): DolibarrApi {
    return new DolibarrApi({ ...this.options, apiKey });
  }

  get<T = DolibarrObject>(path: string, query: Query = {}): Promise<T> {
    return this.call<T>('GET', path, query);
  }

  /** GET that answers null on 404 (a contact deleted, or not committed yet). */
  async find<T = DolibarrObject>(path: string, query: Query = {}): Promise<T | null> {
    try {
      return await this.get<T>(path, query);
    } catch (e) {
      if (e instanceof DolibarrError && e.httpStatus === 404) return null;
      throw e;
    }
  }

  post<T = unknown>(path: string, body: unknown = {}): Promise<T> {
    return this.call<T>('POST', path, {}, body);
  }

  put<T = DolibarrObject>(path: string, body: unknown): Promise<T> {
    return this.call<T>('PUT', path, {}, body);
  }

  delete<T = unknown>(path: string): Promise<T> {
    return this.call<T>('DELETE', path);
  }

  /** Every row of a list endpoint: `page` is 0-based and a page past the end is 200 [] (FACTS §10). */
  async all<T = DolibarrObject>(path: string, query: Query = {}, pageSize = 100): Promise<T[]> {
    const out: T[] = [];
    for (let page = 0; ; page++) {
      const rows = await this.get<T[]>(path, { sortfield: 't.rowid', sortorder: 'ASC', ...query, limit: pageSize, page });
      out.push(...rows);
      if (rows.length < pageSize) return out;
    }
  }

  private async call<T>(method: string, path: string, query: Query = {}, body?: unknown): Promise<T> {
    const url = new URL(`${this.base}${path}`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    const send = () =>
      fetch(url, {
        method,
        headers: { DOLAPIKEY: this.options.apiKey, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    let res: Response;
    try {
      // A read is tried twice: a kept-alive connection the web server closed just then fails without an answer.
      res = await send().catch((e: unknown) => (method === 'GET' ? new Promise<Response>((r) => setTimeout(() => r(send()), 200)) : Promise.reject(e)));
    } catch (e) {
      throw new DolibarrError('CONFIG', `Dolibarr did not answer ${method} ${path}: ${(e as Error).message}`, 0);
    }
    const text = await res.text();
    const parsed = parseJson(text);
    if (res.ok) return parsed as T;
    throw new DolibarrError(CODES[res.status] ?? 'CONFIG', `Dolibarr ${method} ${path}: ${res.status} ${messageOf(parsed, res.status)}`, res.status);
  }
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Dolibarr's message, minus anything after a colon of a 5xx (the SQL text of a bad sqlfilters column). */
function messageOf(body: unknown, status: number): string {
  const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
  const text = typeof message === 'string' ? message : typeof body === 'string' ? body : '';
  return status >= 500 ? text.split(':')[0]!.slice(0, 120) : text.slice(0, 300);
}
