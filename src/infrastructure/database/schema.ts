import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the tables; NUMERIC and DATE come back as strings (see connection.ts). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface HouseholdsTable {
  id: string;
  name: string;
  concentration_limit: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
}

export interface UsersTable {
  id: string;
  household_id: string;
  email: string;
  display_name: string;
  password_hash: string;
  role: 'owner' | 'member' | 'viewer';
  is_admin: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface StocksTable {
  id: string;
  household_id: string;
  symbol: string;
  company_name: string | null;
  sector: string | null;
  industry_group: string | null;
  grade: string | null;
  notes: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface Database {
  households: HouseholdsTable;
  users: UsersTable;
  sessions: SessionsTable;
  stocks: StocksTable;
}
