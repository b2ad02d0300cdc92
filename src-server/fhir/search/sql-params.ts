/**
 * Bound parameters of one SQL statement. Every value a user supplied goes through `bind` and
 * reaches PostgreSQL as a parameter; the SQL text only ever holds `$n` placeholders and names the
 * search module wrote itself.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  /** Adds a value and answers its placeholder, with a cast when the type must be explicit. */
  bind(value: unknown, cast?: 'text' | 'text[]' | 'timestamptz'): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }

  /** A copy, for a second statement built from the same start (the count beside the page). */
  clone(): SqlParams {
    const copy = new SqlParams();
    copy.values.push(...this.values);
    return copy;
  }
}
