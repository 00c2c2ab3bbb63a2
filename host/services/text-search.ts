/** Word search over a few columns: every word must appear in one of them (case-insensitive on both engines). */
import type { Knex } from 'knex';

export function matchWords(q: Knex.QueryBuilder, columns: readonly string[], text: string): void {
  for (const word of text.trim().split(/\s+/).filter(Boolean).slice(0, 5)) {
    // '!' as the LIKE escape: a backslash means different things in MySQL and SQLite string literals.
    const like = `%${word.replace(/[!%_]/g, (c) => '!' + c)}%`;
    q.where((b) => columns.reduce((acc, column) => acc.orWhereRaw(`?? like ? escape '!'`, [column, like]), b));
  }
}
