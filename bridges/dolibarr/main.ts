/**
 * `npm run dolibarr`: the GContacts sidecar for a real Dolibarr (DOLIBARR_URL, DOLIBARR_API_KEY). Prints the
 * webhook URL to register in Dolibarr and the triggers to tick.
 */
import { startGoogle } from '../../host/google-mode';
import { createBridge } from './bridge';
import { readBridgeConfig } from './config';
import { TRIGGERS } from './inbox';

const config = readBridgeConfig();
const google = await startGoogle(config, process.env);
const bridge = await createBridge({ config, env: { ...process.env, ...google.env } });
const url = await bridge.listen();
const pub = config.publicUrl.replace(/\/+$/, '');
console.log(`GContacts for Dolibarr listening on ${url.replace('127.0.0.1', 'localhost')} (Dolibarr API: ${config.dolibarrUrl})`);
console.log('');
console.log('In Dolibarr: Home → Setup → Modules → Webhook (enable it) → Targets → New target:');
console.log(`  URL:      ${pub}${bridge.webhookPath}`);
console.log('  Type:     non-blocking');
console.log(`  Triggers: ${TRIGGERS.join(', ')}`);
console.log('');
console.log(`Sign in: ${pub}/login   Setup: ${pub}/m/gcontacts/setup   Contact tab: ${pub}/m/gcontacts/contact/<Dolibarr contact id>`);
console.log(`Catch-up poll every ${config.pollSeconds} s (overlap ${config.overlapSeconds} s, database time zone ${config.dbTimeZone}), id reconciliation every ${config.reconcileMinutes} min.`);
console.log(`  ${google.banner}`);

const stop = async () => {
  await bridge.close();
  await google.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
