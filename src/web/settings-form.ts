/**
 * The settings form of the setup page: each setting of module.json as a typed control (checkbox, select with
 * translated option labels, number with min/max, text with its pattern), and the check of a posted form — every
 * field at once, each error beside its field, nothing saved when any is wrong. The host checks each value again
 * when it is stored; this check is the one a person reads.
 */
import type { SettingValue } from '../host-contract';
import type { SettingDefinition } from '../module-manifest';
import type { Wording } from '../sync/operation';

/** Set once by the module and never edited: shown, not offered as a field. */
export const READ_ONLY_SETTINGS = new Set(['instance_id']);

export interface SettingField {
  key: string;
  id: string;
  control: 'checkbox' | 'select' | 'number' | 'text';
  labelKey: string;
  helpKey: string | null;
  /** What the field shows: the value stored, or what was posted when the form comes back with errors. */
  value: string;
  checked: boolean;
  options: { value: string; labelKey: string }[];
  min: number | null;
  max: number | null;
  step: string | null;
  pattern: string | null;
  error: Wording | null;
}

export type Posted = Record<string, unknown>;

export interface Checked {
  values: Record<string, SettingValue>;
  errors: Record<string, Wording>;
}

/** Checks every editable setting of the post; a checkbox left unticked is absent from a post, so it reads false. */
export function checkSettings(defs: readonly SettingDefinition[], posted: Posted): Checked {
  const values: Record<string, SettingValue> = {};
  const errors: Record<string, Wording> = {};
  for (const def of defs) {
    if (READ_ONLY_SETTINGS.has(def.key)) continue;
    const outcome = checkOne(def, posted[def.key]);
    if ('error' in outcome) errors[def.key] = outcome.error;
    else values[def.key] = outcome.value;
  }
  return { values, errors };
}

function checkOne(def: SettingDefinition, raw: unknown): { value: SettingValue } | { error: Wording } {
  const text = typeof raw === 'string' ? raw.trim() : Array.isArray(raw) ? String(raw[raw.length - 1] ?? '').trim() : '';
  switch (def.type) {
    case 'boolean':
      return { value: text === 'on' || text === 'true' || text === '1' };
    case 'enum':
      return def.values.includes(text) ? { value: text } : { error: { key: 'settings.error.choice' } };
    case 'integer':
    case 'number': {
      const n = text === '' ? NaN : Number(text.replace(',', '.'));
      if (!Number.isFinite(n)) return { error: { key: 'settings.error.number' } };
      if (def.type === 'integer' && !Number.isInteger(n)) return { error: { key: 'settings.error.integer' } };
      if ((def.min !== undefined && n < def.min) || (def.max !== undefined && n > def.max)) {
        return { error: { key: 'settings.error.range', params: { min: def.min ?? '−∞', max: def.max ?? '∞' } } };
      }
      return { value: n };
    }
    case 'string':
      if (text === '' && def.default !== '') return { error: { key: 'settings.error.required' } };
      if (text.length > 255) return { error: { key: 'settings.error.too_long', params: { max: 255 } } };
      if (def.pattern && !new RegExp(def.pattern).test(text)) return { error: { key: `settings.error.pattern.${def.key}` } };
      return { value: text };
  }
}

/** The form's fields: stored values, or the posted ones with their errors when a save was refused. */
export function settingFields(defs: readonly SettingDefinition[], stored: Record<string, SettingValue>, posted: Posted | null, errors: Record<string, Wording>): SettingField[] {
  return defs
    .filter((def) => !READ_ONLY_SETTINGS.has(def.key))
    .map((def) => {
      const shown = posted ? (def.type === 'boolean' ? posted[def.key] !== undefined : String(posted[def.key] ?? '')) : stored[def.key];
      const numeric = def.type === 'integer' || def.type === 'number';
      return {
        key: def.key,
        id: `setting-${def.key}`,
        control: def.type === 'boolean' ? 'checkbox' : def.type === 'enum' ? 'select' : numeric ? 'number' : 'text',
        labelKey: def.labelKey,
        helpKey: def.helpKey ?? null,
        value: typeof shown === 'boolean' ? '' : String(shown ?? ''),
        checked: shown === true,
        options: def.type === 'enum' ? def.values.map((value) => ({ value, labelKey: `settings.${def.key}.option.${value}` })) : [],
        min: numeric ? (def.min ?? null) : null,
        max: numeric ? (def.max ?? null) : null,
        step: def.type === 'integer' ? '1' : def.type === 'number' ? 'any' : null,
        pattern: def.type === 'string' ? (def.pattern ?? null) : null,
        error: errors[def.key] ?? null,
      } satisfies SettingField;
    });
}

/** What a save changes: key, old value, new value. */
export function settingChanges(stored: Record<string, SettingValue>, values: Record<string, SettingValue>): { key: string; from: SettingValue; to: SettingValue }[] {
  return Object.entries(values)
    .filter(([key, value]) => stored[key] !== value)
    .map(([key, to]) => ({ key, from: stored[key]!, to }));
}

/** A setting's value in words: a choice's label, yes/no, or the value itself. */
export function valueWording(def: SettingDefinition | undefined, value: SettingValue): Wording | string {
  if (!def) return String(value);
  if (def.type === 'boolean') return { key: value ? 'settings.value.yes' : 'settings.value.no' };
  if (def.type === 'enum') return { key: `settings.${def.key}.option.${String(value)}` };
  return String(value);
}
