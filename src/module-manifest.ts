/**
 * module.json, typed and validated. Part of the host contract: the host reads a module's manifest through this
 * schema, so a bad manifest fails when loaded with an error that names the field, not later at run time.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { GContactsError } from './errors';
import { HOST_API_VERSION, type HostEventName } from './host-contract';

const key = z.string().regex(/^[a-z][a-z0-9_.-]*$/, 'lower-case letters, digits, "_", "." or "-"');
const langKey = z.string().min(1);
const path = z.string().regex(/^\/[A-Za-z0-9_/:.-]*$/, 'a path starting with "/"');
const cron = z.string().regex(/^(\S+\s+){4}\S+$/, 'five cron fields');

const EVENTS = [
  'contact.created',
  'contact.updated',
  'contact.deleted',
  'thirdparty.updated',
  'thirdparty.deleted',
  'thirdparty.salesreps.changed',
  'user.updated',
  'user.deleted',
] as const satisfies readonly HostEventName[];

const settingBase = { key, labelKey: langKey, helpKey: langKey.optional() };

export const settingSchema = z.discriminatedUnion('type', [
  z.object({ ...settingBase, type: z.literal('string'), default: z.string(), pattern: z.string().optional() }).strict(),
  z.object({ ...settingBase, type: z.literal('boolean'), default: z.boolean() }).strict(),
  z
    .object({ ...settingBase, type: z.literal('integer'), default: z.number().int(), min: z.number().optional(), max: z.number().optional() })
    .strict(),
  z
    .object({ ...settingBase, type: z.literal('number'), default: z.number(), min: z.number().optional(), max: z.number().optional() })
    .strict(),
  z.object({ ...settingBase, type: z.literal('enum'), values: z.array(z.string()).min(1), default: z.string() }).strict(),
]);

export type SettingDefinition = z.infer<typeof settingSchema>;

export const manifestSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9]*$/, 'lower-case letters and digits'),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'a semantic version like 1.2.3'),
    hostApiVersion: z.number().int().positive(),
    nameKey: langKey,
    descriptionKey: langKey,
    entry: z.string().min(1),
    lang: z.string().min(1),
    tablePrefix: z.string().regex(/^[a-z][a-z0-9]*_$/, 'lower-case letters and digits ending with "_"'),
    rights: z.array(z.object({ id: key, labelKey: langKey }).strict()).min(1),
    tabs: z.array(z.object({ id: key, on: z.literal('contact'), labelKey: langKey, path, right: key }).strict()),
    menus: z.array(z.object({ id: key, labelKey: langKey, path, right: key }).strict()),
    settings: z.array(settingSchema),
    events: z.array(z.enum(EVENTS)),
    jobs: z.array(z.object({ id: key, cron, labelKey: langKey, setting: key.optional() }).strict()),
  })
  .strict()
  .superRefine((m, ctx) => {
    const rights = new Set(m.rights.map((r) => r.id));
    const check = (list: { right: string }[], where: 'tabs' | 'menus') =>
      list.forEach((item, i) => {
        if (!rights.has(item.right)) {
          ctx.addIssue({ code: 'custom', path: [where, i, 'right'], message: `right "${item.right}" is not declared in rights` });
        }
      });
    check(m.tabs, 'tabs');
    check(m.menus, 'menus');
    m.settings.forEach((s, i) => {
      if (s.type === 'enum' && !s.values.includes(s.default)) {
        ctx.addIssue({ code: 'custom', path: ['settings', i, 'default'], message: `"${s.default}" is not one of ${s.values.join(', ')}` });
      }
    });
    if (m.hostApiVersion !== HOST_API_VERSION) {
      ctx.addIssue({ code: 'custom', path: ['hostApiVersion'], message: `this host speaks version ${HOST_API_VERSION}` });
    }
  });

export type ModuleManifest = z.infer<typeof manifestSchema>;

/** Validates a parsed manifest; the error message names the first bad field, e.g. `settings[2].default`. */
export function parseManifest(raw: unknown, source = 'module.json'): ModuleManifest {
  const result = manifestSchema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  throw new GContactsError('BAD_MANIFEST', `${source} is invalid: ${issues.join('; ')}`, { issues });
}

export function loadManifest(file: string): ModuleManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new GContactsError('BAD_MANIFEST', `${file} cannot be read as JSON: ${(e as Error).message}`, undefined, { cause: e });
  }
  return parseManifest(raw, file);
}

function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '') || '(root)';
}
