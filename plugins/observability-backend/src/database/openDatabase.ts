import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

const opened = new WeakMap<DatabaseService, Promise<Knex>>();

/**
 * The plugin's database with its migrations (`migrations/`) applied, once per database
 * service however many stores share it.
 */
export function openDatabase(database: DatabaseService): Promise<Knex> {
  let db = opened.get(database);
  if (!db) {
    db = (async () => {
      const client = await database.getClient();
      if (!database.migrations?.skip) {
        await client.migrate.latest({
          directory: resolvePackagePath('@internal/plugin-observability-backend', 'migrations'),
        });
      }
      return client;
    })();
    opened.set(database, db);
  }
  return db;
}
