/**
 * The module's commands against a real Dolibarr (`DOLIBARR_URL=… npm run gcontacts -- export`): the bridge is
 * built as `npm run dolibarr` builds it, without its web side nor its timers, and hands the module's Host to the
 * module's command runner.
 */
import { runCli } from '../../src/cli';
import { googleForCli } from '../../host/google-mode';
import { DEFAULT_LOCALE, LOCALES } from '../../host/i18n';
import { createBridge } from './bridge';
import { readBridgeConfig } from './config';

const config = readBridgeConfig();
const google = await googleForCli(config, process.env);
const bridge = await createBridge({ config, env: { ...process.env, ...google.env }, timers: false });
const locale = LOCALES.find((l) => (process.env.LANG ?? '').startsWith(l)) ?? DEFAULT_LOCALE;
let code = 1;
try {
  code = await runCli(bridge.host, process.argv.slice(2), { out: (line) => console.log(line), locale });
} finally {
  await bridge.close();
  await google.close();
}
process.exit(code);
