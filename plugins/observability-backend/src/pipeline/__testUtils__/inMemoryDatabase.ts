import { mockServices } from '@backstage/backend-test-utils';
import { knex } from 'knex';

/**
 * A fresh in-memory SQLite database service (the plugin's migrations run on first use), for
 * tests that build the pipeline synchronously.
 */
export function inMemoryDatabase() {
  return mockServices.database({
    knex: knex({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true }),
  });
}
