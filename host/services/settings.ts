/**
 * Module settings in llx_const (name `<module>.<key>`), typed and validated against the module's manifest before
 * they are stored, so a bad value is refused and the stored one is kept.
 */
import type { Knex } from 'knex';
import type { HostSettings, SettingValue } from '../../src/host-contract';
import type { SettingDefinition } from '../../src/module-manifest';
import { HostError } from '../errors';

export class ModuleSettings implements HostSettings {
  private readonly defs: Map<string, SettingDefinition>;

  constructor(
    private readonly db: Knex,
    private readonly moduleId: string,
    definitions: readonly SettingDefinition[],
    /** Where the values live: the host's llx_const, or a bridge's own table beside a real CRM's. */
    private readonly table = 'llx_const',
  ) {
    this.defs = new Map(definitions.map((d) => [d.key, d]));
  }

  definitions(): SettingDefinition[] {
    return [...this.defs.values()];
  }

  async get<T extends SettingValue = SettingValue>(key: string): Promise<T> {
    const def = this.def(key);
    const row = await this.db(this.table).where('name', `${this.moduleId}.${key}`).first<{ value: unknown } | undefined>('value');
    return (row ? decode(def, String(row.value)) : def.default) as T;
  }

  async all(): Promise<Record<string, SettingValue>> {
    const rows = await this.db(this.table).where('name', 'like', `${this.moduleId}.%`).select<{ name: unknown; value: unknown }[]>('name', 'value');
    const stored = new Map(rows.map((r) => [String(r.name).slice(this.moduleId.length + 1), String(r.value)]));
    return Object.fromEntries(this.definitions().map((d) => [d.key, stored.has(d.key) ? decode(d, stored.get(d.key)!) : d.default]));
  }

  async set(key: string, value: SettingValue): Promise<void> {
    const def = this.def(key);
    const checked = coerce(def, value);
    const name = `${this.moduleId}.${key}`;
    await this.db(this.table).insert({ name, value: String(checked) }).onConflict('name').merge();
  }

  private def(key: string): SettingDefinition {
    const def = this.defs.get(key);
    if (!def) throw new HostError('BAD_INPUT', `error.unknown_setting|${key}`, key);
    return def;
  }
}

function decode(def: SettingDefinition, raw: string): SettingValue {
  try {
    return coerce(def, raw);
  } catch {
    return def.default; // a value stored by an older version that no longer validates falls back to the default
  }
}

/** Accepts the typed value or its text form (from a form post); throws BAD_INPUT naming the setting. */
export function coerce(def: SettingDefinition, value: SettingValue): SettingValue {
  const bad = (): never => {
    throw new HostError('BAD_INPUT', `error.bad_setting|${def.key}`, def.key);
  };
  switch (def.type) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === '1' || value === 'on') return true;
      if (value === 'false' || value === '0' || value === '') return false;
      return bad();
    case 'integer':
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(n) || (def.type === 'integer' && !Number.isInteger(n))) return bad();
      if ((def.min !== undefined && n < def.min) || (def.max !== undefined && n > def.max)) return bad();
      return n;
    }
    case 'enum':
      return def.values.includes(String(value)) ? String(value) : bad();
    case 'string': {
      const s = String(value).trim();
      if (s.length > 255 || (def.pattern && !new RegExp(def.pattern).test(s))) return bad();
      return s;
    }
  }
}
