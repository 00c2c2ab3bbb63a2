import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { loadManifest, parseManifest } from '../../src/module-manifest';

/** module.json as written, loose enough that each case below can spoil one field of it. */
interface RawManifest {
  [field: string]: unknown;
  id?: string;
  settings: { key: string; type: string; default: unknown }[];
  tabs: { right: string }[];
  events: string[];
  jobs: { cron: string }[];
}

const raw = () => JSON.parse(readFileSync('module.json', 'utf8')) as RawManifest;

describe('module.json', () => {
  it('is valid and declares the four rights, the contact tab, settings and jobs', () => {
    const m = loadManifest('module.json');
    expect(m.id).to.equal('gcontacts');
    expect(m.rights.map((r) => r.id)).to.deep.equal(['gcontacts.read', 'gcontacts.sync', 'gcontacts.import', 'gcontacts.admin']);
    expect(m.tabs[0]).to.include({ on: 'contact', right: 'gcontacts.read' });
    expect(m.settings.find((s) => s.key === 'container_group')!.default).to.equal('CRM');
    expect(m.jobs.map((j) => j.id)).to.include.members(['sync', 'reconcile']);
  });

  it('has every label in English and French', () => {
    const m = loadManifest('module.json');
    const keys = [m.nameKey, m.descriptionKey, ...m.rights.map((r) => r.labelKey), ...m.tabs.map((t) => t.labelKey), ...m.menus.map((x) => x.labelKey),
      ...m.settings.flatMap((s) => [s.labelKey, ...(s.helpKey ? [s.helpKey] : [])]), ...m.jobs.map((j) => j.labelKey)];
    for (const locale of ['en_US', 'fr_FR']) {
      const catalog = JSON.parse(readFileSync(`lang/${locale}.json`, 'utf8')) as Record<string, string>;
      expect(keys.filter((k) => !(k in catalog)), locale).to.deep.equal([]);
    }
  });

  const cases: [string, (m: RawManifest) => void, RegExp][] = [
    ['a setting default outside its values', (m) => (m.settings.find((s) => s.key === 'conflict_policy')!.default = 'dice'), /settings\[\d+\]\.default/],
    ['a tab needing an undeclared right', (m) => (m.tabs[0]!.right = 'gcontacts.nope'), /tabs\[0\]\.right/],
    ['a wrong setting type', (m) => (m.settings[0]!.type = 'colour'), /settings\[0\]/],
    ['an unknown event', (m) => m.events.push('contact.teleported'), /events\[\d+\]/],
    ['a bad cron', (m) => (m.jobs[0]!.cron = 'every minute'), /jobs\[0\]\.cron/],
    ['an unknown top-level field', (m) => (m.colour = 'blue'), /colour/],
    ['another host API version', (m) => (m.hostApiVersion = 99), /hostApiVersion/],
    ['a missing id', (m) => delete m.id, /id/],
  ];
  for (const [name, spoil, field] of cases) {
    it(`is refused with the field named: ${name}`, () => {
      const m = raw();
      spoil(m);
      expect(() => parseManifest(m)).to.throw(field);
    });
  }
});
