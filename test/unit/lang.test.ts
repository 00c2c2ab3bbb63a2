/**
 * Every visible string goes through lang/ (module) or host/lang/ (host), in English and French: a key missing in
 * either file, a key used in code or a view that no file has, or words written straight into a view fail here.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { ERROR_STATUS } from '../../src/errors';
import { loadManifest } from '../../src/module-manifest';
import { CONNECT_FAILURES } from '../../src/web/oauth-router';
import { ACCOUNT_OPERATIONS } from '../../src/web/account-operations';

const LOCALES = ['en_US', 'fr_FR'] as const;

function catalog(dir: string, locale: string): Record<string, string> {
  return JSON.parse(readFileSync(join(dir, `${locale}.json`), 'utf8')) as Record<string, string>;
}

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(ext))
    .map((f) => join(dir, f));
}

/** Keys written out in full where they are used: t('key'), t(`key`), host.i18n.t(locale, 'key'), msg('key'). */
function usedKeys(paths: readonly string[]): Map<string, string> {
  const used = new Map<string, string>();
  const patterns = [/\bt\(\s*['`]([a-z][\w.-]*)['`]\s*[,)]/g, /i18n\.t\([^,()]+,\s*['`]([a-z][\w.-]*)['`]\s*[,)]/g, /\bkey:\s*'([a-z][\w-]*\.[\w.-]+)'/g];
  for (const path of paths) {
    const text = readFileSync(path, 'utf8');
    for (const pattern of patterns) for (const m of text.matchAll(pattern)) used.set(m[1]!, path);
  }
  return used;
}

/** What a reader sees of a view once its code, tags and entities are gone: only punctuation may be left. */
export function literalText(ejs: string): string[] {
  const visible = ejs
    .replace(/<%[\s\S]*?%>/g, ' ')
    .replace(/<script[\s\S]*?<\/script>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[#\w]+;/g, ' ');
  const words = visible.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  const attributes = [...ejs.replace(/<%[\s\S]*?%>/g, '').matchAll(/\b(title|aria-label|placeholder|alt)="([^"]*)"/g)]
    .map((m) => m[2]!)
    .filter((v) => /\p{L}/u.test(v));
  return [...words, ...attributes];
}

const AREAS = [
  { name: 'module', lang: 'lang', code: [...files('src', '.ts'), ...files('views', '.ejs')], views: files('views', '.ejs') },
  { name: 'host', lang: 'host/lang', code: [...files('host', '.ts'), ...files('host/views', '.ejs')], views: files('host/views', '.ejs') },
];

describe('Languages', () => {
  for (const area of AREAS) {
    describe(`${area.name} (${area.lang}/)`, () => {
      const catalogs = Object.fromEntries(LOCALES.map((l) => [l, catalog(area.lang, l)]));

      it('has the same keys in en_US and fr_FR, none empty', () => {
        const [en, fr] = LOCALES.map((l) => catalogs[l]!);
        expect(Object.keys(en!).filter((k) => !(k in fr!)), 'missing in fr_FR').to.deep.equal([]);
        expect(Object.keys(fr!).filter((k) => !(k in en!)), 'missing in en_US').to.deep.equal([]);
        for (const locale of LOCALES) {
          expect(Object.entries(catalogs[locale]!).filter(([, v]) => v.trim() === '').map(([k]) => k), `empty in ${locale}`).to.deep.equal([]);
        }
      });

      it('has every key its code and views use, in both languages', () => {
        // The module's keys are the module's own; a host view may name a module key only through data.
        const missing = [...usedKeys(area.code)].filter(([key]) => LOCALES.some((l) => !(key in catalogs[l]!)));
        expect(missing.map(([key, path]) => `${key} (${path})`)).to.deep.equal([]);
      });

      it('has no words written straight into a view', () => {
        const found = area.views.flatMap((path) => literalText(readFileSync(path, 'utf8')).map((w) => `${path}: ${w}`));
        expect(found).to.deep.equal([]);
      });
    });
  }

  it('has the words of keys built from codes: error codes, run statuses and kinds, setting choices, connect failures', () => {
    const settings = loadManifest('module.json').settings;
    const built = [
      ...Object.keys(ERROR_STATUS).map((code) => `runs.error.${code}`),
      ...['running', 'done', 'failed', 'needs_confirmation', 'confirmed'].map((s) => `runs.status.${s}`),
      ...['sync', 'reconcile', 'push', 'export', 'check', 'cleanup', 'confirm', 'disconnect', ...ACCOUNT_OPERATIONS].flatMap((k) => [`runs.kind.${k}`, `runs.phase.${k}`]),
      ...['cron', 'cli', 'web', 'test'].map((trigger) => `setup.trigger.${trigger}`),
      ...settings.flatMap((s) => (s.type === 'enum' ? s.values.map((v) => `settings.${s.key}.option.${v}`) : [])),
      ...settings.flatMap((s) => (s.type === 'string' && s.pattern ? [`settings.error.pattern.${s.key}`] : [])),
      ...CONNECT_FAILURES.map((reason) => `oauth.error.${reason}`),
    ];
    for (const locale of LOCALES) expect(built.filter((k) => !(k in catalog('lang', locale))), locale).to.deep.equal([]);
  });

  it('catches words in a view, in text and in attributes, and leaves code and punctuation alone', () => {
    expect(literalText('<p><%= t("a.b") %> — <%= n %> *</p>')).to.deep.equal([]);
    expect(literalText('<p>Save</p>')).to.deep.equal(['Save']);
    expect(literalText('<button title="Close">×</button>')).to.deep.equal(['Close']);
    expect(literalText('<td><%= time %> UTC</td>')).to.deep.equal(['UTC']);
  });
});
