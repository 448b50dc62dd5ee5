/**
 * Optional SQL conditions with their `?` parameters, for queries whose filters are each optional: a condition
 * is kept only when its value was given, so the SQL and its parameters always line up.
 */
export class Conditions {
  readonly parts: string[] = [];
  readonly params: unknown[] = [];

  /** Adds `sql` (holding one `?`) bound to `value`, unless `value` is undefined. */
  add(sql: string, value: unknown): this {
    if (value !== undefined) this.addAll(sql, [value]);
    return this;
  }

  /** Adds `sql` bound to every one of `values`, in order. */
  addAll(sql: string, values: readonly unknown[]): this {
    this.parts.push(sql);
    this.params.push(...values);
    return this;
  }

  /** Each condition as ` AND …`, to follow a WHERE already written. */
  andSql(): string {
    return this.parts.map((p) => ` AND ${p}`).join('');
  }

  /** ` WHERE …` joining every condition, or nothing when there is none. */
  whereSql(): string {
    return this.parts.length ? ` WHERE ${this.parts.join(' AND ')}` : '';
  }
}
