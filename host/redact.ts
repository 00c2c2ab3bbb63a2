/**
 * What a log line must never carry: refresh and access tokens, API keys, passwords, secrets, authorisation headers
 * and cookies. Fields are redacted by name at any depth (a `headers.authorization` inside an error's details as much
 * as a top-level `refreshToken`), and text — a message, an error's wording — loses what follows `Bearer`, `Basic`
 * or a `refresh_token=`-style pair, since a library's error message may quote the request that failed.
 */
export const REDACTED = '[redacted]';

/** Field names (lowercased, without `-`, `_` or `.`) whose value is a secret whatever it holds. */
const SECRET_ENDINGS = ['token', 'secret', 'password', 'passwd', 'apikey', 'authorization', 'cookie', 'credentials'];

/** Text patterns and what replaces them: group 1 (the scheme or the name) stays, the secret goes. */
const SECRET_TEXT: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[\w.~+/=-]+/gi, `$1 ${REDACTED}`],
  [/\b((?:refresh_token|access_token|id_token|client_secret|password|api_?key|dolapikey)"?\s*[=:]\s*"?)[^&\s",;]+/gi, `$1${REDACTED}`],
  [/([?&]code=)[^&\s"]+/g, `$1${REDACTED}`],
];

export function isSecretName(name: string): boolean {
  const key = name.toLowerCase().replace(/[-_.]/g, '');
  return SECRET_ENDINGS.some((ending) => key.endsWith(ending));
}

export function redactText(text: string): string {
  return SECRET_TEXT.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/** A copy of `value` with every secret field replaced and every string scrubbed; cycles are cut. */
export function redactFields(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[cycle]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactFields(item, seen));
  const source = value instanceof Error ? { ...value, name: value.name, message: value.message, stack: value.stack } : value;
  return Object.fromEntries(
    Object.entries(source).map(([key, item]) => [key, isSecretName(key) ? REDACTED : redactFields(item, seen)]),
  );
}
