/**
 * The GContacts tab (issue 10 item 7): median time to render one contact's tab over HTTP with 1 and with 5
 * connected accounts — the CRM on SQLite, the module reading each account live from the sandbox over HTTP (one
 * batchGet per account, all at once). Also the host's own card tab of the same contact, as the page-frame baseline.
 */
import { startTabWorld } from '../test/support/tab-world';
import type { BenchModule, Row } from './main';

const VIEWS = 40;
const WARM_UP = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timeViews(url: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < WARM_UP + VIEWS; i++) {
    const started = performance.now();
    const res = await fetch(url, { headers: { DOLAPIKEY: 'demo-admin-key' } });
    await res.text();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    if (i >= WARM_UP) times.push(performance.now() - started);
  }
  return median(times);
}

async function measure(accounts: number): Promise<Row[]> {
  const world = await startTabWorld({ accounts });
  try {
    const card = await timeViews(`${world.crm.url}/contacts/${world.contactId}`);
    const before = world.googleRequests();
    const tab = await timeViews(`${world.crm.url}/m/gcontacts/contact/${world.contactId}`);
    const perView = (world.googleRequests() - before) / (WARM_UP + VIEWS);
    return [
      { bench: 'tab', metric: `tab render, ${accounts} account(s) (median)`, value: tab, unit: 'ms', note: `${VIEWS} views; ${perView} Google request(s) per view` },
      { bench: 'tab', metric: `host card render, same contact (median)`, value: card, unit: 'ms', note: `baseline for ${accounts} account(s)` },
    ];
  } finally {
    await world.close();
  }
}

const bench: BenchModule = {
  name: 'tab',
  run: async () => [...(await measure(1)), ...(await measure(5))],
};

export const { name, run } = bench;
