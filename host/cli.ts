/**
 * `npm run gcontacts -- <command>`: builds the CRM from the same configuration as `npm start` (DATABASE_URL,
 * DATA_DIR, GOOGLE_* or the sandbox on SANDBOX_PORT) and runs the module's command runner (src/cli/) on the
 * module's Host. Without GOOGLE_CLIENT_ID it talks to the sandbox of a running `npm start`; when none answers on
 * SANDBOX_PORT it starts one itself on the same data file, so the demo state is the same either way.
 */
import { runCli } from '../src/cli';
import { readConfig } from './config';
import { createCrm } from './crm';
import { googleForCli } from './google-mode';
import { DEFAULT_LOCALE, LOCALES } from './i18n';

const config = readConfig();
const google = await googleForCli(config, process.env);
// A command runs only what it is asked: no wake-ups nor polls of the module in this process (the server and the
// workers run those).
const crm = await createCrm({ config, env: { ...process.env, ...google.env, GCONTACTS_BACKGROUND: 'off' } });
const locale = LOCALES.find((l) => (process.env.LANG ?? '').startsWith(l)) ?? DEFAULT_LOCALE;
let code = 1;
try {
  const mod = crm.modules.enabled('gcontacts');
  if (!mod) console.error(crm.modules.get('gcontacts').translator.t(locale, 'cli.module_disabled'));
  else code = await runCli(mod.handle.host, process.argv.slice(2), { out: (line) => console.log(line), locale });
} finally {
  await crm.close();
  await google.close();
}
process.exit(code);
