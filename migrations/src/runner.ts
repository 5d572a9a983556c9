import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
  Migrator,
  NO_MIGRATIONS,
} from 'kysely';

/** The folder holding `<YYYYMMDDHHMM>_<what>.ts` migrations, next to this file. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations/', import.meta.url));

const MIGRATION_FILE = /^(\d{12}_[a-z0-9_]+)\.(ts|js|mjs)$/;

export interface RunnerOptions {
  /** Folder to read migrations from. Default {@link MIGRATIONS_FOLDER}; tests point it elsewhere. */
  folder?: string;
}

export interface MigrationStatus {
  name: string;
  /** When it ran; undefined = pending. */
  executedAt: Date | undefined;
}

/** Thrown by every runner function; names the migration that failed when one did. */
export class MigrationError extends Error {
  /** Marker that survives duplicate copies of this package (instanceof would not). */
  readonly isMigrationError = true;
  /** The failed migration, or undefined when the run failed before reaching one. */
  readonly migrationName: string | undefined;

  constructor(message: string, migrationName: string | undefined, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MigrationError';
    this.migrationName = migrationName;
  }
}

export function isMigrationError(error: unknown): error is MigrationError {
  return typeof error === 'object' && error !== null && (error as MigrationError).isMigrationError === true;
}

/**
 * Reads the migrations folder with readdir and `import()`. Kysely's FileMigrationProvider does
 * the same, but its `import()` bypasses Vite, so it cannot load `.ts` files under vitest.
 * The name of a migration is its file name without extension, so it stays the same if the
 * package is ever built to `.js`.
 */
export class FolderMigrationProvider implements MigrationProvider {
  readonly folder: string;

  constructor(folder: string = MIGRATIONS_FOLDER) {
    this.folder = folder;
  }

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.folder)).filter(
      (file) => /\.(ts|js|mjs)$/.test(file) && !/\.(test|spec|d)\.[mc]?[jt]s$/.test(file),
    );
    const migrations: Record<string, Migration> = {};
    for (const file of files.sort()) {
      const name = MIGRATION_FILE.exec(file)?.[1];
      // A misnamed file would otherwise be skipped silently, or run out of order.
      if (name === undefined) {
        throw new MigrationError(`${file} in ${this.folder} is not named <YYYYMMDDHHMM>_<what>.ts`, undefined);
      }
      const module = (await import(pathToFileURL(join(this.folder, file)).href)) as Partial<Migration>;
      if (typeof module.up !== 'function' || typeof module.down !== 'function') {
        throw new MigrationError(`migration ${name} must export async functions up(db) and down(db)`, name);
      }
      migrations[name] = { up: module.up, down: module.down };
    }
    return migrations;
  }
}

function createMigrator<DB>(db: Kysely<DB>, options: RunnerOptions): Migrator {
  return new Migrator({ db, provider: new FolderMigrationProvider(options.folder) });
}

/** Turns Kysely's never-throwing result into the names that ran, or a MigrationError. */
function namesOrThrow(action: string, { error, results }: MigrationResultSet): string[] {
  if (error !== undefined) {
    // The provider's own errors (misnamed file, missing up/down) already say what is wrong.
    if (isMigrationError(error)) throw error;
    const failed = results?.find((result) => result.status === 'Error');
    const where = failed
      ? `migration ${failed.migrationName} (${failed.direction.toLowerCase()})`
      : 'before running any migration';
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`${action} failed at ${where}: ${reason}`, failed?.migrationName, { cause: error });
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

/**
 * Applies every pending migration, all in one transaction (PostgreSQL DDL is transactional: a
 * failure leaves the database as it was). Resolves to the names applied, oldest first.
 */
export async function migrateToLatest<DB>(db: Kysely<DB>, options: RunnerOptions = {}): Promise<string[]> {
  return namesOrThrow('migrate to latest', await createMigrator(db, options).migrateToLatest());
}

/** Reverts the last `steps` executed migrations (default 1). Resolves to the names reverted, newest first. */
export async function migrateDown<DB>(db: Kysely<DB>, steps = 1, options: RunnerOptions = {}): Promise<string[]> {
  if (!Number.isInteger(steps) || steps < 1) {
    throw new RangeError(`migrateDown: steps must be a positive integer, got ${steps}`);
  }
  const migrator = createMigrator(db, options);
  const executed = (await migrator.getMigrations()).filter((m) => m.executedAt !== undefined);
  const keep = executed.length - steps;
  const target = keep > 0 ? executed[keep - 1]!.name : NO_MIGRATIONS;
  return namesOrThrow(`migrate down ${steps}`, await migrator.migrateTo(target));
}

/** Reverts every executed migration. Resolves to the names reverted, newest first. */
export async function migrateToNone<DB>(db: Kysely<DB>, options: RunnerOptions = {}): Promise<string[]> {
  return namesOrThrow('migrate to none', await createMigrator(db, options).migrateTo(NO_MIGRATIONS));
}

/** Every known migration, oldest first, with when it ran. */
export async function listMigrations<DB>(db: Kysely<DB>, options: RunnerOptions = {}): Promise<MigrationStatus[]> {
  try {
    const migrations = await createMigrator(db, options).getMigrations();
    return migrations.map(({ name, executedAt }) => ({ name, executedAt }));
  } catch (error) {
    if (isMigrationError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`list migrations failed: ${reason}`, undefined, { cause: error });
  }
}
