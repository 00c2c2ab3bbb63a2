/**
 * The whole-system model test (issue 8 item 4): random op lists against host + module + sandbox over HTTP, the
 * invariants checked at each convergence. ≥ 200 runs on SQLite, fewer on MariaDB; the seed changes every day (and
 * is printed), MODEL_SEED pins it. `npm run test:model -- --runs 5000 --seed N` runs long (main.ts).
 */
import { announceSkippedEngines, testEngines } from '../support/engines';
import { checkModel } from './property';
import { startModelWorld, type ModelWorld } from './world';

const RUNS = { sqlite: 200, mysql: 30 };
const seed = Number(process.env.MODEL_SEED ?? Math.floor(Date.now() / 86_400_000));

for (const engine of testEngines()) {
  describe(`model: the whole system keeps its invariants [${engine.name}]`, function () {
    this.timeout(180_000);
    before(announceSkippedEngines);
    let world: ModelWorld;
    before(async () => {
      world = await startModelWorld(engine);
    });
    after(async () => world?.close());

    it(`${RUNS[engine.name]} random runs of CRM edits, phone edits, faults, clock jumps, push, pull and Export all`, async () => {
      await checkModel(world, { runs: RUNS[engine.name], seed, log: (line) => console.log(`      ${line} [${engine.name}]`) });
    });
  });
}
