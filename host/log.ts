/** One-line structured log on stderr; quiet under tests unless LOG_LEVEL asks. */
import type { HostLog } from '../src/host-contract';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

export function createLog(scope: string, level: string = process.env.LOG_LEVEL ?? 'info'): HostLog {
  const min = LEVELS.indexOf((LEVELS as readonly string[]).includes(level) ? (level as Level) : 'info');
  const write = (l: Level) => (message: string, fields?: Record<string, unknown>) => {
    if (LEVELS.indexOf(l) < min) return;
    const extra = fields ? ' ' + JSON.stringify(fields) : '';
    process.stderr.write(`${new Date().toISOString()} ${l.toUpperCase()} [${scope}] ${message}${extra}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
