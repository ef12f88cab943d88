import { type Kysely, sql } from 'kysely';

/**
 * Runs a script of `;`-separated DDL one statement at a time: PGlite's prepared-statement path takes
 * one statement per call. Migrations therefore must not put `;` inside a statement's own text.
 */
export async function runStatements(db: Kysely<unknown>, script: string): Promise<void> {
  for (const statement of script.split(';')) {
    if (statement.trim() !== '') await sql.raw(statement).execute(db);
  }
}
