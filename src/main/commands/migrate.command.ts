import type { Command } from 'commander';
import { openDatabase } from '../../adapters/db/database';
import { migrate } from '../../adapters/db/migrator';
import { createProcessLogger, loadEnvironmentConfig } from '../environment';

/** `carequal migrate`: apply pending migrations and exit (also done at every start). */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(async () => {
      const config = loadEnvironmentConfig();
      const logger = createProcessLogger(config);
      const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
      try {
        const applied = await migrate(db);
        logger.info(applied.length ? 'migrations applied' : 'database already up to date', { engine: db.kind, applied });
      } finally {
        await db.close();
      }
    });
}
