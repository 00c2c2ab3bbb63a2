/**
 * `npm run gcontacts -- <command>`: the module's commands for admins and cron, run against a Host. The host's own
 * entry (host/cli.ts) builds the CRM exactly as `npm start` does and hands the module's Host to runCli, so the
 * module never imports the host (rule of doors). Every line printed goes through the module's lang files.
 *
 *   accounts connect <email> [--scope all|salesrep --rep LOGIN] [--code CODE --state STATE] [--import-only]
 *   accounts list
 *   push | export | cleanup   (push: the changes waiting after a failure go at once too)
 *   runs               the last runs, newest first
 *   check [--json] [--account EMAIL] [--limit N]   Check synchro (check.ts)
 *   sync [--full] [--account EMAIL] [--contact ID]  the pull (sync.ts)
 *   conflicts [resolve ID crm|google]               conflicts left by the 'ask' policy
 *   confirm RUN                                     applies the removals a pull stopped on
 */
import { parseCommand, USAGE_EXIT, usageOf } from './args';
import { runCheckCli } from './check';
import { summarise, type Translate } from './summary';
import { runSyncCli, SYNC_COMMANDS } from './sync';
import type { AccountScope } from '../core/scope';
import { GContactsError, isGContactsError } from '../errors';
import type { Host } from '../host-contract';
import { createSync, type ManualPush, type Sync } from '../sync';
import type { RunOptions, RunProgress } from '../sync/run-recorder';

export interface CliIo {
  out(line: string): void;
  locale: string;
}

/** Runs one command; resolves with the process exit code (0 ok, 1 failed, 2 bad usage). */
export async function runCli(host: Host, argv: readonly string[], io: CliIo): Promise<number> {
  const t = (key: string, params?: Record<string, string | number>) => host.i18n.t(io.locale, key, params);
  const sync = createSync(host);
  // check has options of its own (--json, --account, --limit): parsed there.
  if (argv[0] === 'check') return runCheckCli(sync, argv, io.out, t);
  // sync, conflicts and confirm too (sync.ts).
  if (SYNC_COMMANDS.has(argv[0] ?? '')) return runSyncCli(host, sync, argv, io.out, t);
  const connecting = argv[0] === 'accounts' && argv[1] === 'connect';
  const parsed = parseCommand(argv, connecting ? CONNECT_OPTIONS : {}, io.out, t);
  if (!parsed) return USAGE_EXIT;
  const { values, positionals } = parsed;
  const [command, sub, arg] = positionals;
  const options: RunOptions = {
    trigger: 'cli',
    // The server's cron may be pushing the same account: wait for it rather than fail.
    waitForLease: true,
    onProgress: (p: RunProgress) => io.out(t('cli.progress', { kind: p.kind, email: p.account.email, done: p.done, total: p.total ?? '?' })),
  };
  // Each command takes exactly its words; a missing or extra one is a usage error like a bad option.
  const words = connecting ? 3 : command === 'accounts' ? 2 : 1;
  if (command && KNOWN.has(command) && positionals.length !== words) {
    io.out(usageOf(command, t));
    return USAGE_EXIT;
  }
  try {
    switch (command) {
      case 'push':
        return printManualPush(await sync.pushNow(options), io, t);
      case 'export':
        return summarise(await sync.exportAll(options), io.out, t);
      case 'cleanup':
        return summarise(await sync.cleanup(options), io.out, t);
      case 'runs':
        return await listRuns(sync, io, t);
      case 'accounts':
        if (sub === 'list') return await listAccounts(sync, io, t);
        if (connecting && arg) return await connect(host, sync, arg, values as ConnectValues, io, t);
        break;
    }
    io.out(command ? `${t('cli.unknown_command', { command: positionals.join(' ') })}\n${usageOf(command, t)}` : t('cli.usage'));
    return USAGE_EXIT;
  } catch (e) {
    io.out(t('cli.error', { message: (e as Error).message }));
    return 1;
  }
}

const KNOWN: ReadonlySet<string> = new Set(['push', 'export', 'cleanup', 'runs', 'accounts']);

const CONNECT_OPTIONS = { scope: { type: 'string' }, rep: { type: 'string' }, code: { type: 'string' }, state: { type: 'string' }, 'import-only': { type: 'boolean' } } as const;
type ConnectValues = { scope?: string; rep?: string; code?: string; state?: string; 'import-only'?: boolean };

/**
 * The runs of a manual push, then what could not go: how many changes wait and until when, or that the account
 * must be connected again. "Nothing to do" only when nothing waits at all.
 */
function printManualPush({ results, waiting }: ManualPush, io: CliIo, t: Translate): number {
  if (results.length > 0 || waiting.length === 0) summarise(results, io.out, t);
  for (const w of waiting) {
    if (w.reason === 'reconnect') io.out(t('cli.push.waiting_reconnect', { count: w.count, email: w.account.email }));
    else io.out(t('cli.push.waiting', { count: w.count, email: w.account.email, time: (w.next ?? '').replace('T', ' ').slice(0, 19) + ' UTC' }));
  }
  return results.every((r) => r.status === 'done') && waiting.length === 0 ? 0 : 1;
}

async function listAccounts(sync: Sync, io: CliIo, t: Translate): Promise<number> {
  const { accounts, outbox } = sync.context.stores;
  const list = await accounts.list({ importOnly: 'include' });
  if (list.length === 0) io.out(t('cli.accounts.none'));
  for (const a of list) {
    const scope = (a.scope.kind === 'all' ? 'all' : `salesrep #${a.scope.userId}`) + (a.importOnly ? ` (${t('cli.accounts.import_only')})` : '');
    io.out(t('cli.accounts.line', { id: a.id, email: a.email, scope, status: a.status, pending: await outbox.count(a.id) }));
  }
  return 0;
}

async function listRuns(sync: Sync, io: CliIo, t: Translate): Promise<number> {
  const runs = await sync.context.stores.runs.recent(20);
  if (runs.length === 0) io.out(t('cli.nothing'));
  for (const r of runs) {
    const counts = Object.entries(r.counts).map(([key, n]) => `${key} ${n}`).join(', ');
    io.out(t('cli.runs.line', { id: r.id, kind: r.kind, trigger: r.trigger, status: r.status, started: r.startedAt, done: r.progressDone, total: r.progressTotal ?? '?', counts, error: r.error ?? '' }).trimEnd());
  }
  return 0;
}

async function connect(host: Host, sync: Sync, email: string, values: ConnectValues, io: CliIo, t: Translate): Promise<number> {
  let scope: AccountScope = { kind: 'all' };
  if (values.scope === 'salesrep') {
    if (!values.rep) throw new GContactsError('BAD_INPUT', t('cli.connect.rep_needed'));
    const user = (await host.contacts.users()).find((u) => u.login === values.rep);
    if (!user) throw new GContactsError('BAD_INPUT', t('cli.connect.rep_unknown', { login: values.rep }));
    scope = { kind: 'salesrep', userId: user.id };
  } else if (values.scope !== undefined && values.scope !== 'all') {
    throw new GContactsError('BAD_INPUT', t('cli.usage'));
  }
  const importOnly = values['import-only'] === true;
  let outcome;
  try {
    outcome = await sync.connect({ email, scope, importOnly, ...(values.code ? { code: values.code } : {}), ...(values.state ? { state: values.state } : {}) });
  } catch (e) {
    // A code without the state this CRM issued for it is refused, and said so in the reader's words.
    const reason = isGContactsError(e, 'BAD_INPUT') ? e.details?.reason : undefined;
    if (typeof reason === 'string') throw new GContactsError('BAD_INPUT', t(`cli.connect.state_${reason}`, { email }));
    if (isGContactsError(e, 'CONFLICT') && e.details?.reason === 'downgrade') throw new GContactsError('CONFLICT', t('oauth.error.downgrade'));
    throw e;
  }
  if (outcome.kind === 'authorize') {
    io.out(t('cli.connect.open_url', { url: outcome.url }));
    return 0;
  }
  const scopeText = values.scope === 'salesrep' ? `salesrep ${values.rep}` : 'all';
  io.out(importOnly ? t('cli.connect.done_import_only', { email: outcome.account.email, scope: scopeText }) : t('cli.connect.done', { email: outcome.account.email, scope: scopeText }));
  return 0;
}
