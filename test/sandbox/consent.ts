/**
 * Walks the sandbox's account chooser and consent pages over plain HTTP, the way a browser would submit them:
 * it reads the forms out of the HTML (so the pages must really carry them) and posts their fields.
 * The Chromium suite clicks the same pages for real.
 */
interface Form { action: string; fields: URLSearchParams; html: string }

function forms(html: string): Form[] {
  return [...html.matchAll(/<form method="post" action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)].map((m) => {
    const fields = new URLSearchParams();
    for (const input of m[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
      fields.append(input[1]!, input[2]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
    }
    return { action: m[1]!, fields, html: m[2]! };
  });
}

async function submit(origin: string, form: Form, extra: Record<string, string> = {}): Promise<Response> {
  for (const [k, v] of Object.entries(extra)) form.fields.set(k, v);
  return fetch(new URL(form.action, origin), { method: 'POST', body: form.fields, redirect: 'manual' });
}

/** Returns the redirect the consent page answers with (the client's redirect_uri with code/state, or error). */
export async function consent(authUrl: string, email: string, decision: 'allow' | 'deny' = 'allow'): Promise<URL> {
  const origin = new URL(authUrl).origin;
  const chooser = await fetch(authUrl);
  if (chooser.status !== 200) throw new Error(`chooser answered ${chooser.status}: ${await chooser.text()}`);
  const chooserForms = forms(await chooser.text());
  const pick = chooserForms.find((f) => f.html.includes(`data-email="${email}"`)) ?? chooserForms.find((f) => f.html.includes('name="email" required'));
  if (!pick) throw new Error('no account form on the chooser page');
  const consentPage = await submit(origin, pick, { email });
  const consentForms = forms(await consentPage.text());
  const button = consentForms.find((f) => f.html.includes(`id="${decision}"`));
  if (!button) throw new Error(`no ${decision} button on the consent page`);
  const res = await submit(origin, button);
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`consent answered ${res.status}`);
  return new URL(location);
}
