import { parseArgs } from 'node:util';
import { listMigrations, migrateDown, migrateToLatest } from '@partnerforge/migrations';
import type { Config } from '../../config/config.ts';
import { type CliIo, UsageError, withDatabase } from '../cli-context.ts';

export const migrateUsage = 'pf migrate [--down N] [--status]   apply pending migrations, roll back N, or list them';

export async function migrateCommand(args: string[], config: Config, io: CliIo): Promise<void> {
  const { values } = parseArgs({ args, options: { down: { type: 'string' }, status: { type: 'boolean' } } });
  await withDatabase(config, async (db) => {
    if (values.status) {
      for (const m of await listMigrations(db)) io.out(`${m.executedAt ? 'applied ' : 'pending '} ${m.name}`);
      return;
    }
    if (values.down !== undefined) {
      const steps = Number(values.down);
      if (!Number.isInteger(steps) || steps < 1) throw new UsageError('--down expects a positive whole number');
      const reverted = await migrateDown(db, steps);
      io.out(reverted.length ? `Rolled back: ${reverted.join(', ')}` : 'Nothing to roll back');
      return;
    }
    const applied = await migrateToLatest(db);
    io.out(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date');
  }, { migrate: false });
}
