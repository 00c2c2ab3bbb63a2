/**
 * The rule of doors (architecture §1): src/ never imports host/; src/core imports nothing that does I/O;
 * only src/google talks to Google. These tests read the sources, so a new file breaking a rule fails here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => (m[1] ?? m[2])!);
}

/** Type-only imports carry no code at run time, so `import type` of googleapis shapes is allowed in core. */
function valueImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*import\s+(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

describe('the rule of doors', () => {
  it('src/ never imports from host/', () => {
    const offenders = files('src').filter((f) => imports(f).some((i) => /(^|\/)host(\/|$)/.test(i) && i.startsWith('.')));
    expect(offenders).to.deep.equal([]);
  });

  it('src/core imports nothing that does I/O', () => {
    const io = /^(node:)?(fs|http|https|net|child_process|fs\/promises)$|^(knex|googleapis|express|mysql2|better-sqlite3|google-auth-library)$/;
    const offenders = files('src/core').flatMap((f) => valueImports(f).filter((i) => io.test(i)).map((i) => `${f}: ${i}`));
    expect(offenders).to.deep.equal([]);
  });

  it('only src/google and the sandbox use the googleapis runtime', () => {
    const offenders = files('src')
      .filter((f) => !f.startsWith(join('src', 'google')) && !f.startsWith(join('src', 'sandbox')))
      .filter((f) => valueImports(f).some((i) => i === 'googleapis' || i === 'google-auth-library'));
    expect(offenders).to.deep.equal([]);
  });

  it('would catch a file that broke the first rule', () => {
    expect(imports('test/unit/doors.test.ts')).to.include('chai');
    const fake = "import { x } from '../../host/crm';";
    expect([...fake.matchAll(/import\s[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1])).to.deep.equal(['../../host/crm']);
  });
});
