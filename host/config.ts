/** Configuration of the reference host, read once from the environment. */
import { resolve } from 'node:path';
import { HostError } from './errors';

export interface HostConfig {
  port: number;
  /** Interface to listen on; loopback unless HOST says otherwise (e.g. 0.0.0.0 in a container). */
  host: string;
  dataDir: string;
  databaseUrl: string;
  /** Directories holding a module (module.json at their root). */
  moduleDirs: string[];
  sandboxPort: number;
  /** Seed the demo data set when the database has no user yet. */
  seedDemo: boolean;
  publicUrl: string;
}

export function readConfig(env: Readonly<Record<string, string | undefined>> = process.env): HostConfig {
  const port = intVar(env, 'PORT', 3000);
  const dataDir = resolve(env.DATA_DIR ?? './data');
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir,
    databaseUrl: env.DATABASE_URL ?? 'sqlite:',
    moduleDirs: (env.MODULES ?? '.').split(',').map((d) => resolve(d.trim())),
    sandboxPort: intVar(env, 'SANDBOX_PORT', 3001),
    seedDemo: env.SEED_DEMO !== '0',
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${port}`,
  };
}

function intVar(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new HostError('CONFIG', `${name} must be a port number, got "${raw}"`);
  return n;
}
