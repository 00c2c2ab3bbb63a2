/**
 * A CRM with one contact linked in N Google accounts, behind a counting proxy in front of the sandbox: what the
 * tab's cost test and its bench measure. The proxy is plain HTTP forwarding, so the module's real gateway talks
 * to the real sandbox; it only counts the People API requests (`/v1/...`), token refreshes left out.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Host } from '../../src/host-contract';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type RunningSandbox } from '../../src/sandbox/index';
import { createSync, type Sync } from '../../src/sync';
import { moduleRedirectUris } from '../../src/sync/accounts';
import { startCrm, type RunningCrm } from './crm';

export interface TabWorld {
  sandbox: RunningSandbox;
  crm: RunningCrm;
  host: Host;
  sync: Sync;
  contactId: number;
  /** People API requests that went through the proxy so far. */
  googleRequests(): number;
  close(): Promise<void>;
}

function countingProxy(target: string): Promise<{ server: Server; url: string; count: () => number }> {
  let count = 0;
  const to = new URL(target);
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/v1/')) count++;
    const out = request({ host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, count: () => count })));
}

export async function startTabWorld(options: { accounts: number; databaseUrl?: string }): Promise<TabWorld> {
  const sandbox = await startSandbox({ redirectUris: moduleRedirectUris({}) });
  const proxy = await countingProxy(sandbox.url);
  const env = { GCONTACTS_GOOGLE_URL: proxy.url, GOOGLE_CLIENT_ID: SANDBOX_CLIENT_ID, GOOGLE_CLIENT_SECRET: SANDBOX_CLIENT_SECRET, GCONTACTS_SECRET: 'test' };
  const crm = await startCrm({ ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}), env });
  crm.crm.scheduler.cancelAll('gcontacts:');
  const host = crm.crm.modules.get('gcontacts').handle.host;
  await host.settings.set('requests_per_minute', 6000);
  const sync = createSync(host);
  for (let i = 0; i < options.accounts; i++) await sync.connect({ email: `tab-${process.pid}-${Date.now()}-${i}@example.com`, scope: { kind: 'all' } });
  const acme = await crm.crm.thirdParties.create({ name: 'Acme SA', town: 'Lyon' });
  const contact = await crm.crm.contacts.create({ userId: null }, {
    lastname: 'Measured', firstname: 'Tab', thirdPartyId: acme.id, email: 'tab@acme.test', phoneMobile: '+33 6 12 34 56 78',
    address: '1 rue X', zip: '69001', town: 'Lyon', country: 'France', birthday: '1980-02-29', note: 'bench',
  });
  await sync.push({ trigger: 'test', waitForLease: true });
  return {
    sandbox, crm, host, sync, contactId: contact.id,
    googleRequests: proxy.count,
    async close() {
      await crm.close();
      await new Promise((resolve) => proxy.server.close(resolve));
      await sandbox.close();
    },
  };
}
