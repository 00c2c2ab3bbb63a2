/**
 * Translations: flat JSON files per locale (`en_US.json`, `fr_FR.json`), `{name}` or `{0}` placeholders. A message
 * may carry positional parameters after `|` ("error.too_long|255"), which is how services pass text to the edge
 * without knowing the reader's language.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export const LOCALES = ['en_US', 'fr_FR'] as const;
export const DEFAULT_LOCALE = 'en_US';

export type Catalog = Record<string, Record<string, string>>;

export function loadCatalog(dir: string): Catalog {
  const catalog: Catalog = {};
  for (const locale of LOCALES) {
    const file = join(dir, `${locale}.json`);
    catalog[locale] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  }
  return catalog;
}

export class Translator {
  constructor(private readonly catalog: Catalog) {}

  t(locale: string, key: string, params: Record<string, string | number> = {}): string {
    const text = this.catalog[locale]?.[key] ?? this.catalog[DEFAULT_LOCALE]?.[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  }

  /** Translates "key|p0|p1" messages produced by services. */
  message(locale: string, message: string): string {
    const [key, ...args] = message.split('|');
    return this.t(locale, key!, Object.fromEntries(args.map((a, i) => [String(i), a])));
  }

  has(key: string): boolean {
    return key in (this.catalog[DEFAULT_LOCALE] ?? {});
  }
}

export function pickLocale(wanted: string | undefined | null): string {
  return (LOCALES as readonly string[]).includes(wanted ?? '') ? wanted! : DEFAULT_LOCALE;
}
