/**
 * `npm start`: the reference CRM with the GContacts module, an embedded SQLite database and — unless a real Google
 * OAuth client is configured — the Google sandbox, with demo data on first start.
 */
import { readConfig } from './config';
import { createCrm } from './crm';
import { DEMO_ADMIN, seedDemo } from './seed';
import { startGoogle } from './google-mode';
import { runCli } from '../src/cli';

/** The sandbox account the demo connects on first start, so the phone view shows the CRM's address book at once. */
const DEMO_GOOGLE_ACCOUNT = 'crm.demo@gmail.example';

const config = readConfig();
const google = await startGoogle(config, process.env);
// The module's OAuth callback is built on PUBLIC_URL (its default from PORT): the address registered with Google.
const crm = await createCrm({ config, env: { ...process.env, PUBLIC_URL: config.publicUrl, ...google.env } });
if (config.seedDemo && (await seedDemo(crm))) {
  await crm.modules.enable('gcontacts');
  console.log('Demo data created.');
  if (google.sandbox) {
    // The same commands an admin would type (npm run gcontacts -- accounts connect …, export), through the module.
    const host = crm.modules.get('gcontacts').handle.host;
    const io = { out: (line: string) => console.log(`  ${line}`), locale: 'en_US' };
    await runCli(host, ['accounts', 'connect', DEMO_GOOGLE_ACCOUNT], io);
    await runCli(host, ['export'], io);
  }
}
const url = await crm.listen();
console.log(`GContacts CRM listening on ${url.replace('127.0.0.1', 'localhost')}`);
console.log(`  sign in as ${DEMO_ADMIN.login} / ${DEMO_ADMIN.password} (admin), marie.dupont / marie and james.walker / james (sales reps), lucas.martin / lucas (no module rights)`);
console.log(`  JSON API: curl -H 'DOLAPIKEY: ${DEMO_ADMIN.apiKey}' ${url.replace('127.0.0.1', 'localhost')}/api/contacts`);
console.log(`  ${google.banner}`);

const stop = async () => {
  await crm.close();
  await google.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
