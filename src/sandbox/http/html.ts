/** Tiny HTML helpers for the sandbox's own pages. Everything interpolated goes through `esc`: data is hostile. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function hidden(fields: Record<string, string | undefined>): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('');
}

const STYLE = `
body{font-family:Roboto,Arial,sans-serif;margin:0;background:#f1f3f4;color:#202124}
main{max-width:420px;margin:24px auto;background:#fff;border-radius:8px;padding:24px;box-shadow:0 1px 3px rgba(0,0,0,.2)}
h1{font-size:22px;font-weight:400;margin:0 0 8px}h2{font-size:16px;font-weight:500;margin:16px 0 8px}
.muted{color:#5f6368;font-size:14px}button,.btn{font:inherit;border:0;border-radius:4px;padding:8px 16px;cursor:pointer;background:#1a73e8;color:#fff;text-decoration:none;display:inline-block}
button.secondary,.btn.secondary{background:#fff;color:#1a73e8;border:1px solid #dadce0}button.danger{background:#d93025}
ul.list{list-style:none;padding:0;margin:0}ul.list li{border-bottom:1px solid #eee;padding:10px 0;display:flex;justify-content:space-between;align-items:center;gap:8px}
input[type=text],input[type=email],input[type=tel],textarea,select{font:inherit;width:100%;box-sizing:border-box;padding:8px;border:1px solid #dadce0;border-radius:4px;margin:4px 0 10px}
label{font-size:13px;color:#5f6368}.row{display:flex;gap:8px;flex-wrap:wrap}.chip{background:#e8f0fe;color:#1967d2;border-radius:12px;padding:2px 8px;font-size:12px;margin-right:4px}
nav a{margin-right:10px;font-size:14px}form.inline{display:inline}`;

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}
