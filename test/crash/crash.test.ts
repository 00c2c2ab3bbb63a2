/**
 * Issue 8 item 5, the crash test: a real server process and real CLI processes exporting and pushing 2,000
 * contacts to a slowed-down Google sandbox are killed with SIGKILL at random points while the CRM takes writes
 * through its API; then the product restarts and converges. Counted: duplicates in Google (two people for one
 * CRM contact) and lost writes (an acknowledged CRM write that Google does not show), both must be 0.
 * CRASH_SEED replays a run; CRASH_CONTACTS and CRASH_KILLS scale it.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningSandbox } from '../../src/sandbox/index';
import { startModuleSandbox } from '../support/module-sandbox';
import { api, productEnv, runCliProcess, startServer, type ServerProcess } from '../support/server-process';

const CONTACTS = Number(process.env.CRASH_CONTACTS ?? 2000);
const KILLS = Number(process.env.CRASH_KILLS ?? 20);
const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
const WRITES_PER_ROUND = 12;
const ROOT = join(import.meta.dirname, '../..');

/** mulberry32: a seeded PRNG, so a failing run replays with its CRASH_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Expected {
  /** CRM contact id → the first name of its last acknowledged write; null: an acknowledged delete. */
  firstname: Map<number, string | null>;
  lastname: Map<number, string>;
}

async function inParallel<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

describe('crash: SIGKILL at random points while exporting and pushing, then converge', function () {
  this.timeout(15 * 60_000);
  let sandbox: RunningSandbox;
  let dataDir: string;
  let server: ServerProcess | null = null;
  let cli: ChildProcess | null = null;
  const email = 'crash@crash.example';

  before(async () => {
    sandbox = await startModuleSandbox();
    // A real round trip, so kills land in the middle of Google calls rather than between them.
    sandbox.control.setLatency({ fixedMs: 20, jitterMs: 40 });
    dataDir = mkdtempSync(join(tmpdir(), 'gc-crash-'));
  });
  after(async () => {
    if (cli && cli.exitCode === null) cli.kill('SIGKILL');
    await server?.kill();
    await sandbox?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`${CONTACTS} contacts, ${KILLS} kills: 0 duplicates, 0 lost writes`, async () => {
    const random = prng(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const env = productEnv(sandbox, dataDir);
    const started = Date.now();
    server = await startServer(env);
    expect((await runCliProcess(env, 'accounts', 'connect', email)).code).to.equal(0);

    const expected: Expected = { firstname: new Map(), lastname: new Map() };
    const create = async (lastname: string, firstname: string, url: string): Promise<void> => {
      const res = await api(url, 'POST', '/contacts', { lastname, firstname }).catch(() => null);
      if (res?.status !== 201) return;
      const { id } = (await res.json()) as { id: number };
      expected.lastname.set(id, lastname);
      expected.firstname.set(id, firstname);
    };
    await inParallel([...Array(CONTACTS).keys()], 8, (i) => create(`Crash ${i}`, `v0`, server!.url));
    expect(expected.lastname.size).to.equal(CONTACTS);

    let acknowledged = 0;
    const writeRound = async (round: number, url: string): Promise<void> => {
      const live = [...expected.firstname].filter(([, f]) => f !== null).map(([id]) => id);
      const ops = Array.from({ length: WRITES_PER_ROUND }, (_, k) => ({ k, kind: k === 0 ? 'delete' : k === 1 ? 'create' : 'edit', id: pick(live) }));
      await inParallel(ops, 4, async ({ k, kind, id }) => {
        if (kind === 'create') {
          const before = expected.lastname.size;
          await create(`Crash r${round}`, `v${round}`, url);
          if (expected.lastname.size > before) acknowledged++;
          return;
        }
        const res = kind === 'delete'
          ? await api(url, 'DELETE', `/contacts/${id}`).catch(() => null)
          : await api(url, 'PUT', `/contacts/${id}`, { firstname: `v${round}.${k}` }).catch(() => null);
        if (!res?.ok) return;
        acknowledged++;
        expected.firstname.set(id, kind === 'delete' ? null : `v${round}.${k}`);
      });
    };

    for (let round = 1; round <= KILLS; round++) {
      server ??= await startServer(env);
      // The exporting or pushing process, and the CRM's writes meanwhile; both die at a random point.
      cli = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'host/cli.ts'), round % 4 === 0 ? 'export' : 'push'], { cwd: ROOT, env, stdio: 'ignore' });
      const exited = once(cli, 'exit');
      const writes = writeRound(round, server.url);
      await new Promise((resolve) => setTimeout(resolve, 1500 + random() * 4000));
      cli.kill('SIGKILL');
      await exited;
      await server.kill();
      server = null;
      await writes;
    }

    // Converge: the server starts (its change cursor reads what the kills lost), then a push, the reconcile
    // (the deletes no event brought) and a last push.
    server = await startServer(env);
    await server.stop();
    server = null;
    for (const command of [['push'], ['sync', '--full'], ['push']]) {
      const run = await runCliProcess(env, ...command);
      expect(run.code, run.out).to.equal(0);
    }

    const book = sandbox.control.dump().accounts.find((a) => a.email === email)!.book;
    const byName = new Map<string, string[]>();
    for (const person of book.contacts) {
      const name = person.fields.names?.[0];
      if (!name?.familyName?.startsWith('Crash')) continue;
      const key = `${name.familyName}|${name.givenName}`;
      byName.set(name.familyName, [...(byName.get(name.familyName) ?? []), key]);
    }
    // Names repeat only for the contacts a round created ("Crash r3"): count Google people per CRM contact name.
    const crmPerName = new Map<string, number>();
    for (const [id, lastname] of expected.lastname) if (expected.firstname.get(id) !== null) crmPerName.set(lastname, (crmPerName.get(lastname) ?? 0) + 1);
    let duplicates = 0;
    for (const [name, people] of byName) duplicates += Math.max(0, people.length - (crmPerName.get(name) ?? 0));
    let lost = 0;
    for (const [id, firstname] of expected.firstname) {
      const lastname = expected.lastname.get(id)!;
      const inGoogle = byName.get(lastname) ?? [];
      if (firstname === null ? inGoogle.length > (crmPerName.get(lastname) ?? 0) : !inGoogle.includes(`${lastname}|${firstname}`)) lost++;
    }
    const deleted = [...expected.firstname.values()].filter((f) => f === null).length;
    console.log(`      crash test (seed ${SEED}): ${CONTACTS} contacts, ${KILLS} SIGKILLs of the server and of a pushing/exporting process, ` +
      `${acknowledged} acknowledged writes during the kills (${deleted} deletes), ${book.contacts.length} people in Google; ` +
      `duplicates ${duplicates}, lost writes ${lost}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
    expect({ duplicates, lost }).to.deep.equal({ duplicates: 0, lost: 0 });
  });
});
