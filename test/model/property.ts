/**
 * The model test as a fast-check property: `runs` random op lists on one world, from `seed`. A failure is shrunk to
 * its smallest op list, printed with the seed and path that replay it.
 */
import fc from 'fast-check';
import { scenarioArb, type Scenario } from './ops';
import { emptyStats, runScenario } from './run';
import type { ModelWorld } from './world';

export interface ModelRunOptions {
  runs: number;
  seed: number;
  /** A failure's path, to replay exactly that counterexample. */
  path?: string;
  log?: (line: string) => void;
}

export async function checkModel(world: ModelWorld, options: ModelRunOptions): Promise<number> {
  let ran = 0;
  const stats = emptyStats();
  const details = await fc.check(
    fc.asyncProperty(scenarioArb, async (scenario: Scenario) => {
      ran++;
      await runScenario(world, scenario, stats);
    }),
    { numRuns: options.runs, seed: options.seed, ...(options.path ? { path: options.path } : {}), endOnFailure: false },
  );
  if (details.failed) {
    const scenario = details.counterexample?.[0];
    const ops = scenario?.ops ?? [];
    const lines = [
      `model test failed after ${details.numRuns} runs (seed ${details.seed}, path "${details.counterexamplePath}"), shrunk to ${scenario?.initial} synced contacts then ${ops.length} ops:`,
      ...ops.map((op, i) => `  ${i + 1}. ${JSON.stringify(op)}`),
      `replay: npm run test:model -- --seed ${details.seed} --path "${details.counterexamplePath}"`,
      String((details.errorInstance as Error | undefined)?.message ?? 'no error (too many skips or interrupted)'),
    ];
    throw new Error(lines.join('\n'));
  }
  options.log?.(
    `model test: ${ran} runs passed (seed ${options.seed}): ${stats.convergences} convergences, ${stats.pairs} linked pairs checked, ` +
      `${stats.decided} two-sided edits decided by the model, ${stats.undecided} left to either side`,
  );
  return ran;
}
