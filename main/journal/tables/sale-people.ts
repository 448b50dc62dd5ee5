/**
 * Who took a sale (sales.person_id, migration 11), read on its own: receipts print "Served by" from it, and a
 * SaleRow stays the shape every other reader already knows.
 */
import { idSchema, parse } from '../validation';
import type { JournalConnection } from './connection';

export class SalePeopleTable {
  private readonly personOf;

  constructor(c: JournalConnection) {
    this.personOf = c.prepare('SELECT person_id FROM sales WHERE id = ?');
  }

  /** The person id the sale was taken by; null for a sale made before people were recorded, or no such sale. */
  personOfSale(saleId: string): string | null {
    parse(idSchema, saleId, 'personOfSale');
    const r = this.personOf.get(saleId) as { person_id: string | null } | undefined;
    return r?.person_id ?? null;
  }
}
