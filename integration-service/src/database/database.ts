import type { Kysely } from 'kysely';
import type { Database } from '@partnerforge/migrations/schema';

export type { Database };
/** The typed Kysely handle every repository takes as its first argument. */
export type Db = Kysely<Database>;
