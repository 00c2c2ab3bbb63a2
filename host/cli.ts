/**
 * `npm run gcontacts -- <command>`: builds the CRM from the same configuration as `npm start` (DATABASE_URL,
 * DATA_DIR, GOOGLE_* or the sandbox on SANDBOX_PORT) and runs the module's command runner (src/cli.ts) on the
 * module's Host. Without GOOGLE_CLIENT_ID it talks to the sandbox of a running `npm start`; when none answers on
 * SANDBOX_PORT it starts one itself on the same data file, so the demo state is the same either way.
 */
import { controlHeaders, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../src/sandbox';
import { runCli } from '../src/cli';
import { readConfig } from './config';
import { createCrm } from './crm';
import { demoRedirectUris, startGoogle, type GoogleMode } from './google-mode';
import { DEFAULT_LOCALE, LOCALES } from './i18n';

const config = readConfig();
const google = await googleFor();
const crm = await createCrm({ config, env: { ...process.env, ...google.env } });
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

async function googleFor(): Promise<GoogleMode> {
  if (process.env.GOOGLE_CLIENT_ID && process.env.GOOGLE_CLIENT_SECRET) return startGoogle(config, process.env);
  const url = `http://127.0.0.1:${config.sandboxPort}`;
  const running = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
    () => true,
    () => false,
  );
  if (!running) return startGoogle(config, process.env);
  // A sandbox started elsewhere (npm run sandbox) learns this CRM's redirect URIs, as the demo's own sandbox does.
  for (const uri of demoRedirectUris(config, process.env)) {
    await fetch(`${url}/__sandbox/redirect-uris`, { method: 'POST', headers: controlHeaders(), body: JSON.stringify({ uri }), signal: AbortSignal.timeout(2000) });
  }
  return { env: { GCONTACTS_GOOGLE_URL: url, GOOGLE_CLIENT_ID: SANDBOX_CLIENT_ID, GOOGLE_CLIENT_SECRET: SANDBOX_CLIENT_SECRET }, sandbox: true, banner: '', close: async () => {} };
}
