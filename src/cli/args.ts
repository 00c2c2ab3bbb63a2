/**
 * Command-line options, parsed strictly per command: an unknown option, one missing its value or given a value it
 * does not take is a usage error (the command's usage lines, exit code 2), said in the reader's language — never
 * node's own parseArgs exception and its stack trace.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Translate } from './summary';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The exit code of a command refused for its usage. */
export const USAGE_EXIT = 2;

/** The usage lines of `command` (the lines of the full usage naming it), or the full usage for an unknown one. */
export function usageOf(command: string | undefined, t: Translate): string {
  const [header, ...lines] = t('cli.usage').split('\n');
  const own = command ? lines.filter((line) => line.trim().split(' ')[0] === command) : [];
  return own.length ? [header, ...own].join('\n') : t('cli.usage');
}

/** What a parseArgs error means for the person typing: its code, and for a bad value, which of the two it is. */
function problemKey(code: string | undefined, message: string): string | null {
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return 'cli.option.unknown';
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return /argument missing/.test(message) ? 'cli.option.missing_value' : 'cli.option.takes_no_value';
  return null;
}

/**
 * Parses `argv` (the command and its arguments) against `options`; on a usage error prints what is wrong and the
 * command's usage, and returns null (the caller exits with USAGE_EXIT).
 */
export function parseCommand<O extends Options>(argv: readonly string[], options: O, out: (line: string) => void, t: Translate) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (e) {
    const { code, message = '' } = e as { code?: string; message?: string };
    const key = problemKey(code, message);
    if (!key) throw e;
    // The option as typed, quoted in node's message: "Unknown option '--x'", "Option '--account <value>' argument missing".
    const option = /'(-[^' ]*)/.exec(message)?.[1] ?? '';
    out(`${t(key, { command: argv[0] ?? '', option })}\n${usageOf(argv[0], t)}`);
    return null;
  }
}
