/**
 * `npm run test:model -- [--runs N] [--seed N] [--path P] [--mysql URL]`: the model test for as long as asked, on
 * SQLite (or MariaDB with --mysql). A failure prints its shrunk op list and the command that replays it.
 */
import { parseArgs } from 'node:util';
import { testEngines } from '../support/engines';
import { checkModel } from './property';
import { startModelWorld } from './world';

const { values } = parseArgs({ options: { runs: { type: 'string' }, seed: { type: 'string' }, path: { type: 'string' }, mysql: { type: 'string' } } });
if (values.mysql) process.env.GCONTACTS_TEST_MYSQL = values.mysql;
const engine = testEngines().at(values.mysql ? 1 : 0)!;
process.env.LOG_LEVEL ??= 'error';
const seed = Number(values.seed ?? Date.now() % 1_000_000);
const world = await startModelWorld(engine);
let code = 0;
try {
  await checkModel(world, { runs: Number(values.runs ?? 1000), seed, ...(values.path ? { path: values.path } : {}), log: console.log });
} catch (e) {
  console.error((e as Error).message);
  code = 1;
} finally {
  await world.close();
}
process.exit(code);
