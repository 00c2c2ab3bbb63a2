/**
 * `npm run worker`: the CRM's modules without its pages. A worker process runs the module's background work —
 * the wake-ups after CRM saves, the adaptive polls, the scheduled pushes and pulls — over the same database as
 * `npm start`; the account leases in that database share the accounts among every process, so starting more
 * workers (on this machine or others) spreads the accounts with no double work. It serves no HTTP.
 */
import { readConfig } from './config';
import { createCrm } from './crm';
import { googleForCli } from './google-mode';

const config = readConfig();
const google = await googleForCli(config, process.env);
const crm = await createCrm({ config, env: { ...process.env, ...google.env } });
// The module's timers do not hold the process open (a CLI command must be able to end): this one does.
const alive = setInterval(() => undefined, 60_000);
console.log(`GContacts worker ${process.pid} running (no pages), database ${config.databaseUrl.split(':')[0]}; stop it with Ctrl-C`);

const stop = async () => {
  clearInterval(alive);
  await crm.close();
  await google.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
