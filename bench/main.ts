/**
 * `npm run bench`: runs every bench module in turn and prints one table of figures at the end.
 * A bench module exports `name` and `run()`; add new ones to BENCHES. `npm run bench -- sandbox` runs only that one.
 * Figures are measured here, never in timed tests.
 */
export interface Row {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  note?: string;
}

export interface BenchModule {
  name: string;
  run(): Promise<Row[]>;
}

/** Loaded lazily, so a bench's imports (and the memory they hold) only count while it runs. */
const BENCHES: Array<() => Promise<BenchModule>> = [
  () => import('./sandbox'),
  () => import('./push'),
  () => import('./check'),
  () => import('./pull'),
  () => import('./tab'),
  () => import('./import'),
  () => import('./latency'),
  () => import('./scale'),
];

function table(rows: Row[]): string {
  const cells = rows.map((r) => [r.bench, r.metric, formatValue(r.value), r.unit, r.note ?? '']);
  const head = ['bench', 'metric', 'value', 'unit', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string => c.map((v, i) => (i === 2 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

function formatValue(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3);
}

const only = process.argv.slice(2);
const rows: Row[] = [];
for (const load of BENCHES) {
  const bench = await load();
  if (only.length > 0 && !only.includes(bench.name)) continue;
  process.stderr.write(`bench ${bench.name}…\n`);
  const started = performance.now();
  try {
    rows.push(...(await bench.run()));
  } catch (e) {
    rows.push({ bench: bench.name, metric: 'FAILED', value: 0, unit: '', note: e instanceof Error ? e.message : String(e) });
    process.exitCode = 1;
  }
  process.stderr.write(`bench ${bench.name} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
console.log(table(rows));
