/** The postgres project proves PostgreSQL-only behaviour; without a server it must fail, not pass quietly. */
export default function requirePostgres(): void {
  if (!process.env.TEST_DATABASE_URL?.startsWith('postgres'))
    throw new Error('The postgres test project needs TEST_DATABASE_URL=postgres://user:password@host:port/db');
}
