/**
 * Sales-rep membership without GET /thirdparties/{id}/representatives, which always answers 404 in Dolibarr 23
 * (FACTS §8). Kept in the bridge's table and fed by:
 * - COMPANY_LINK/UNLINK_SALE_REPRESENTATIVE webhooks (context.commercial_modified names the user);
 * - a rep's own listing of /thirdparties, which Dolibarr restricts to their customers, made with their key when
 *   they sign in (FACTS §8: "membership by listing /thirdparties with each rep's key");
 * - Dolibarr's llx_societe_commerciaux itself when DATABASE_URL is Dolibarr's database (read only).
 */
import type { Knex } from 'knex';

const T = 'gcontacts_bridge_salesreps';

export class SalesRepTable {
  constructor(private readonly db: Knex) {}

  async repsOf(thirdPartyIds: readonly number[]): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>(thirdPartyIds.map((id) => [id, []]));
    if (thirdPartyIds.length === 0) return out;
    const rows = await this.db(T).whereIn('thirdparty_id', [...thirdPartyIds]).orderBy(['thirdparty_id', 'user_id']);
    for (const r of rows as { thirdparty_id: number; user_id: number }[]) out.get(Number(r.thirdparty_id))?.push(Number(r.user_id));
    return out;
  }

  async thirdPartiesOf(userId: number): Promise<number[]> {
    return (await this.db(T).where({ user_id: userId }).orderBy('thirdparty_id').pluck('thirdparty_id')).map(Number);
  }

  /** Adds or removes one link; answers the reps before and after (a no-op link still fires a webhook, FACTS §8). */
  async set(thirdPartyId: number, userId: number, linked: boolean): Promise<{ before: number[]; after: number[] }> {
    const before = (await this.repsOf([thirdPartyId])).get(thirdPartyId)!;
    if (linked && !before.includes(userId)) await this.db(T).insert({ thirdparty_id: thirdPartyId, user_id: userId });
    if (!linked) await this.db(T).where({ thirdparty_id: thirdPartyId, user_id: userId }).delete();
    const after = (await this.repsOf([thirdPartyId])).get(thirdPartyId)!;
    return { before, after };
  }

  /** Replaces one rep's third parties (from their own listing); answers the third parties that changed. */
  async replaceFor(userId: number, thirdPartyIds: readonly number[]): Promise<number[]> {
    const had = new Set(await this.thirdPartiesOf(userId));
    const has = new Set(thirdPartyIds);
    const changed = [...new Set([...had, ...has])].filter((id) => had.has(id) !== has.has(id));
    await this.db.transaction(async (tx) => {
      await tx(T).where({ user_id: userId }).delete();
      if (has.size > 0) await tx(T).insert([...has].map((id) => ({ thirdparty_id: id, user_id: userId })));
    });
    return changed;
  }

  /** Copies Dolibarr's own table when it is in the same database; false when it is not there. */
  async copyFromDolibarr(): Promise<boolean> {
    if (!(await this.db.schema.hasTable('llx_societe_commerciaux'))) return false;
    const rows = (await this.db('llx_societe_commerciaux').select('fk_soc', 'fk_user')) as { fk_soc: number; fk_user: number }[];
    await this.db.transaction(async (tx) => {
      await tx(T).delete();
      if (rows.length > 0) await tx(T).insert(rows.map((r) => ({ thirdparty_id: Number(r.fk_soc), user_id: Number(r.fk_user) })));
    });
    return true;
  }
}
