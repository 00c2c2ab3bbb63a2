/**
 * The pull's commands:
 *
 *   sync [--full] [--account EMAIL] [--contact ID]   pulls (and, for one contact, pushes it too): "sync now"
 *   conflicts                                        the conflicts waiting for a person (policy 'ask')
 *   conflicts resolve ID crm|google                  settles one, then pushes it to both sides
 *   confirm RUN                                      applies the removals a pull stopped on (mass-deletion guard)
 *
 * A sync asked for while the account is busy (another sync, a push) is refused at once, with the reason: the
 * admin asked for it now, and is told it did not happen rather than left waiting.
 */
import { parseCommand, USAGE_EXIT, usageOf } from './args';
import { summarise, type Translate } from './summary';
import { GContactsError } from '../errors';
import type { Host } from '../host-contract';
import type { Sync } from '../sync';
import type { RunOptions, RunProgress } from '../sync/run-recorder';

export const SYNC_COMMANDS: ReadonlySet<string> = new Set(['sync', 'conflicts', 'confirm']);

const CONFLICT_PAGE = 100;

const SYNC_OPTIONS = { full: { type: 'boolean' }, account: { type: 'string' }, contact: { type: 'string' } } as const;

export async function runSyncCli(host: Host, sync: Sync, argv: readonly string[], out: (line: string) => void, t: Translate): Promise<number> {
  // Only sync takes options; conflicts and confirm refuse them like any unknown option.
  const parsed = parseCommand(argv, argv[0] === 'sync' ? SYNC_OPTIONS : {}, out, t);
  if (!parsed) return USAGE_EXIT;
  const values = parsed.values as { full?: boolean; account?: string; contact?: string };
  const { positionals } = parsed;
  const [command, sub, arg, choice] = positionals;
  const options: RunOptions = {
    trigger: 'cli',
    onProgress: (p: RunProgress) => out(t('cli.progress', { kind: p.kind, email: p.account.email, done: p.done, total: p.total ?? '?' })),
  };
  try {
    if (command === 'sync' && positionals.length === 1) {
      const contactId = values.contact === undefined ? undefined : positiveId(values.contact, t);
      if (values.account !== undefined && !(await sync.context.stores.accounts.byEmail(values.account))) {
        throw new GContactsError('BAD_INPUT', t('cli.sync.unknown_account', { email: values.account }));
      }
      if (contactId !== undefined && !(await host.contacts.get(contactId))) throw new GContactsError('BAD_INPUT', t('cli.sync.unknown_contact', { id: contactId }));
      const results = await sync.pull({ ...options, full: values.full ?? false, ...(values.account ? { accountEmail: values.account } : {}), ...(contactId !== undefined ? { contactId } : {}) });
      return summarise(results, out, t);
    }
    if (command === 'confirm' && sub && positionals.length === 2) {
      const runId = positiveId(sub, t);
      if ((await sync.context.stores.runs.get(runId))?.status !== 'needs_confirmation') throw new GContactsError('BAD_INPUT', t('cli.confirm.not_waiting', { run: runId }));
      return summarise([await sync.confirm(runId, options)], out, t);
    }
    if (command === 'conflicts' && positionals.length === 1) return await listConflicts(sync, out, t);
    if (command === 'conflicts' && sub === 'resolve' && arg && (choice === 'crm' || choice === 'google')) {
      const conflictId = positiveId(arg, t);
      if ((await sync.context.stores.conflicts.get(conflictId))?.resolution !== null) throw new GContactsError('BAD_INPUT', t('cli.conflicts.not_open', { id: conflictId }));
      await sync.resolveConflict(conflictId, choice, null);
      out(t('cli.conflicts.resolved', { id: arg, side: choice }));
      return summarise(await sync.push(options), out, t);
    }
    out(usageOf(command, t));
    return USAGE_EXIT;
  } catch (e) {
    out(t('cli.error', { message: (e as Error).message }));
    return 1;
  }
}

function positiveId(text: string, t: Translate): number {
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id < 1) throw new GContactsError('BAD_INPUT', t('cli.bad_id', { value: text }));
  return id;
}

async function listConflicts(sync: Sync, out: (line: string) => void, t: Translate): Promise<number> {
  const { conflicts, accounts } = sync.context.stores;
  const emails = new Map((await accounts.list()).map((a) => [a.id, a.email]));
  const shown = (value: unknown) => (value === null ? t('cli.conflicts.empty') : typeof value === 'string' ? value : JSON.stringify(value));
  let any = false;
  for (let after = 0; ; ) {
    const page = await conflicts.allUnresolved(CONFLICT_PAGE, after);
    if (page.length === 0) break;
    for (const c of page) {
      any = true;
      const field = t(`check.field.${c.field}`);
      out(t('cli.conflicts.line', { id: c.id, contact: c.contactId, email: emails.get(c.accountId) ?? '?', field, crm: shown(c.crm), google: shown(c.google), base: shown(c.base) }));
    }
    after = page[page.length - 1]!.id;
  }
  out(any ? t('cli.conflicts.how') : t('cli.conflicts.none'));
  return 0;
}
