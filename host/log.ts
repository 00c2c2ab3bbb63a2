/**
 * Host and module logs through pino: one JSON line per entry on stderr (`level`, `time`, `scope`, `msg`, then the
 * fields), written synchronously so a CLI that exits right after a line still prints it. Every entry passes
 * through redact.ts first, so no token, API key, password or authorisation header reaches a log, whoever logs it.
 * The contract's interface stays `log.info(message, fields)`.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import type { HostLog } from '../src/host-contract';
import { redactFields, redactText } from './redact';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

function levelOf(level: string): Level {
  return (LEVELS as readonly string[]).includes(level) ? (level as Level) : 'info';
}

function rootLogger(destination: DestinationStream): Logger {
  return pino(
    {
      level: 'debug',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      // Errors are already plain objects here (redact.ts scrubbed their message and stack): pino's `err`
      // serializer would otherwise see an Object and drop the stack.
      serializers: { err: (value: unknown) => value },
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => redactFields(fields) as Record<string, unknown>,
      },
    },
    destination,
  );
}

let stderrRoot: Logger | undefined;

/**
 * A log for one scope (`crm`, `scheduler`, the module's id…) at LOG_LEVEL (default info). `destination` is for
 * tests that read what was written.
 */
export function createLog(scope: string, level: string = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): HostLog {
  const root = destination ? rootLogger(destination) : (stderrRoot ??= rootLogger(pino.destination({ fd: 2, sync: true })));
  const logger = root.child({ scope }, { level: levelOf(level) });
  const write = (l: Level) => (message: string, fields?: Record<string, unknown>) => logger[l](fields ?? {}, redactText(message));
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
