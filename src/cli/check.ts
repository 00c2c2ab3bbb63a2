/**
 * `gcontacts check [--json] [--account EMAIL] [--limit N]`: Check synchro from the command line. Human lines (the
 * top N items of each category, progress while it reads) or one JSON document `{ "accounts": [report…] }` on its
 * own, with no other line, so a script can parse the output whole. Exit code 0 when every account was checked.
 */
import { parseCommand, USAGE_EXIT, usageOf } from './args';
import { GContactsError } from '../errors';
import type { Sync } from '../sync';
import { checkAccount, checkAccounts, CHECK_DEFAULTS, type CheckOptions, type CheckReport } from '../sync/check';
import { renderCheck, type Translate } from '../sync/check-report';

/** Items per category shown in the human summary (the JSON carries up to --limit). */
const TOP = 10;

export async function runCheckCli(sync: Sync, argv: readonly string[], out: (line: string) => void, t: Translate): Promise<number> {
  const parsed = parseCommand(argv, { json: { type: 'boolean' }, account: { type: 'string' }, limit: { type: 'string' } }, out, t);
  if (!parsed) return USAGE_EXIT;
  const { values } = parsed;
  if (parsed.positionals.length !== 1) {
    out(usageOf('check', t));
    return USAGE_EXIT;
  }
  const limit = values.limit === undefined ? CHECK_DEFAULTS.limit : Number(values.limit);
  try {
    if (!Number.isSafeInteger(limit) || limit < 0) throw new GContactsError('BAD_INPUT', t('cli.check.bad_limit', { limit: values.limit ?? '' }));
    const options: CheckOptions = {
      trigger: 'cli',
      limit,
      ...(values.json ? {} : { onProgress: (p) => out(t('cli.progress', { kind: p.kind, email: p.account.email, done: p.done, total: p.total ?? '?' })) }),
    };
    const reports = await checkReports(sync, values.account, options, t);
    if (values.json) out(JSON.stringify({ accounts: reports }, null, 2));
    else if (reports.length === 0) out(t('cli.accounts.none'));
    else for (const report of reports) for (const line of renderCheck(report, t, Math.min(TOP, limit))) out(line);
    return reports.every((report) => report.status === 'done') ? 0 : 1;
  } catch (e) {
    const message = (e as Error).message;
    out(values.json ? JSON.stringify({ error: message }) : t('cli.error', { message }));
    return 1;
  }
}

async function checkReports(sync: Sync, email: string | undefined, options: CheckOptions, t: Translate): Promise<CheckReport[]> {
  if (email === undefined) return checkAccounts(sync.context, options);
  const account = await sync.context.stores.accounts.byEmail(email);
  if (!account) throw new GContactsError('NOT_FOUND', t('cli.check.unknown_account', { email }));
  return [await checkAccount(sync.context, account, options)];
}
