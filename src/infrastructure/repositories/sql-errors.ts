/** PostgreSQL error classes the repositories and the HTTP layer react to (codes from the manual, appendix A). */
interface PgError {
  code?: string;
  constraint?: string;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as PgError;
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

export function isForeignKeyViolation(error: unknown): boolean {
  return (error as PgError)?.code === '23503';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids arrive from URLs; one that is not a UUID names nothing, and must not reach a uuid column. */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
