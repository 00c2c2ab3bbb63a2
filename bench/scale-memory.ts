/**
 * The scale bench's memory figure, in a process of its own that bench/scale.ts starts under
 * `node --max-old-space-size=256`: the pull bench's full sync of BENCH_PULL_FULL contacts (the sandbox in another
 * process), with Google's latency at 150 ms ± 50 during the measured pull. Prints its rows as one `ROWS [...]` line.
 */
import type { Row } from './main';
import { fullMemory } from './pull';

const MB = 1024 * 1024;
const rows: Row[] = (await fullMemory({ fixedMs: 100, jitterMs: 100 })).map((r) => ({ ...r, bench: 'scale', metric: `${r.metric} (--max-old-space-size=256)` }));
const peak = (process.resourceUsage().maxRSS * 1024) / MB;
rows.push({ bench: 'scale', metric: 'full sync process under --max-old-space-size=256: peak RSS, whole life', value: peak, unit: 'MB', note: 'seeding, Export all and the full sync included; goal < 300' });
console.log(`ROWS ${JSON.stringify(rows)}`);
process.exit(0);
