/**
 * Input rules for contacts, third parties and users, shared by the pages, the JSON API and module writes, so bad
 * input is refused the same way everywhere — before anything is written. Messages are lang keys; the edge
 * translates them and names the field.
 */
import { z } from 'zod';
import { HostError } from '../errors';

/** Trimmed text; '' means "no value" (null), as on a Dolibarr form. */
const text = (max: number) =>
  z
    .union([z.string(), z.null()])
    .transform((v) => (v === null ? null : v.trim() === '' ? null : v.trim()))
    .refine((v) => v === null || v.length <= max, { message: `error.too_long|${max}` });

const email = text(255).refine((v) => v === null || /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/.test(v), { message: 'error.bad_email' });
const phone = text(30).refine((v) => v === null || /^[+()0-9 .\-/x]{3,30}$/i.test(v), { message: 'error.bad_phone' });
const url = text(255).refine((v) => v === null || /^https?:\/\/[^\s]+$/i.test(v) || /^[a-z0-9.-]+\.[a-z]{2,}(\/\S*)?$/i.test(v), {
  message: 'error.bad_url',
});
const birthday = text(10).refine((v) => v === null || isRealDate(v), { message: 'error.bad_date' });
const flag = z.union([z.boolean(), z.literal(0), z.literal(1), z.enum(['0', '1', 'on', 'true', 'false'])]).transform((v) => v === true || v === 1 || v === '1' || v === 'on' || v === 'true');
const id = z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number), z.null(), z.literal('').transform(() => null)]);

const addressFields = { address: text(255), zip: text(25), town: text(50), state: text(50), country: text(50) };

export const contactInputSchema = z
  .object({
    thirdPartyId: id,
    civility: text(16),
    lastname: text(50).refine((v) => v !== null, { message: 'error.required' }),
    firstname: text(50),
    jobTitle: text(80),
    email,
    personalEmail: email,
    phoneWork: phone,
    phoneHome: phone,
    phoneMobile: phone,
    fax: phone,
    ...addressFields,
    birthday,
    note: text(10000),
    private: flag,
    status: z.union([z.literal(0), z.literal(1), z.enum(['0', '1']).transform(Number)]),
  })
  .partial()
  .strict();

export const thirdPartyInputSchema = z
  .object({
    name: text(128).refine((v) => v !== null, { message: 'error.required' }),
    ...addressFields,
    phone,
    fax: phone,
    email,
    url,
    client: flag,
    prospect: flag,
    supplier: flag,
  })
  .partial()
  .strict();

export const userInputSchema = z
  .object({
    login: z.string().trim().regex(/^[a-zA-Z0-9._-]{2,50}$/, 'error.bad_login'),
    password: z.string().min(4, 'error.short_password').max(200),
    firstname: text(50),
    lastname: text(50),
    email,
    admin: flag,
    active: flag,
    lang: z.enum(['en_US', 'fr_FR']),
  })
  .partial()
  .strict();

/**
 * Parses input or throws a BAD_INPUT HostError naming the first bad field. Zod's own messages (a wrong type) are
 * English text, not lang keys: those become one translated message, the field says which.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join('.');
  const message = issue.code === 'unrecognized_keys' ? `error.unknown_field|${issue.keys.join(', ')}` : issue.message;
  throw new HostError('BAD_INPUT', message.startsWith('error.') ? message : 'error.bad_value', field || undefined);
}

function isRealDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}
