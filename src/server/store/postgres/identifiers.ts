/** A double-quoted SQL identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A single-quoted SQL string literal (standard_conforming_strings, on since PostgreSQL 9.1: only ' is special). */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * The NOTIFY channel of a schema's event log. Channels are per database, not per schema, so the schema is part of
 * the name (several deployments, or test schemas, can share a database). PostgreSQL truncates names to 63 bytes;
 * two long schema names cut to the same channel would only cost extra wake-ups, never a lost event.
 */
export function eventChannel(schema: string): string {
  return `events:${schema}`.slice(0, 63);
}
