import type Database from 'better-sqlite3';

/**
 * Prepares each distinct SQL text once per connection. Fixed statements are prepared at open; queries whose
 * shape depends on the filters given (search) land here the first time each shape is used. The number of shapes
 * is small and bounded, so the cache is too.
 */
export class StatementCache {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  get(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  get size(): number {
    return this.cache.size;
  }
}
