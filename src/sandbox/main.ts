import { join } from 'node:path';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox } from './index';

/** `npm run sandbox`: a standalone sandbox on SANDBOX_PORT (default 3001), persisted under DATA_DIR when set. */
const port = Number(process.env.SANDBOX_PORT ?? 3001);
const dataDir = process.env.DATA_DIR;
const sandbox = await startSandbox({
  port,
  host: process.env.SANDBOX_HOST ?? '127.0.0.1',
  dataFile: dataDir ? join(dataDir, 'google-sandbox.json') : undefined,
});
console.log(`Google sandbox listening on ${sandbox.url}`);
console.log(`  People API  ${sandbox.url}/v1   (googleapis: rootUrl '${sandbox.url}/')`);
console.log(`  OAuth       ${sandbox.url}/o/oauth2/v2/auth, ${sandbox.url}/token  client ${SANDBOX_CLIENT_ID} / ${SANDBOX_CLIENT_SECRET}`);
console.log(`  Phones      ${sandbox.url}/phone`);
console.log(dataDir ? `  Data        ${join(dataDir, 'google-sandbox.json')}` : '  Data        in memory (set DATA_DIR to keep it)');

const stop = (): void => {
  void sandbox.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
