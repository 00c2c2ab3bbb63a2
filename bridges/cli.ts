/** `npm run gcontacts -- <command>`: against a real Dolibarr when DOLIBARR_URL is set, else the reference CRM. */
await import(process.env.DOLIBARR_URL ? './dolibarr/cli' : '../host/cli');

export {}; // a module, so the top-level await above is allowed when tsc checks bridges/
