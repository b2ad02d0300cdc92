/**
 * Statements worth preparing once per connection: fixed texts run on every request (a read's
 * lookup, its audit record, a bundle's store statement), where PostgreSQL would otherwise parse and
 * plan the same text again each time (a few milliseconds for the store statement's CTEs). Callers
 * wrap the text in `prepared(...)`; postgres.ts runs it as a named statement on each connection;
 * PGlite, one connection in process, runs it as it is. Only fixed texts belong here: every text
 * registered stays prepared on every connection for its life.
 */
const names = new Map<string, string>();

export function prepared(sql: string): string {
  if (!names.has(sql)) names.set(sql, `medkarta_${names.size + 1}`);
  return sql;
}

/** The statement name of a registered text, or undefined for any other SQL. */
export function preparedName(sql: string): string | undefined {
  return names.get(sql);
}
