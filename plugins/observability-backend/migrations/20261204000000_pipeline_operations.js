// @ts-check

/**
 * Pipeline install / uninstall operations, so any replica answers
 * `GET /pipeline/operations/:id` and an operation outlives the backend that started it.
 * Steps are JSON text: they are read and written whole, never queried.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('observability_pipeline_operations', table => {
    table.string('id', 64).primary();
    table.string('cluster', 255).notNullable().index();
    table.string('action', 32).notNullable();
    table.string('state', 32).notNullable();
    table.text('steps').notNullable();
    table.string('version', 64).notNullable();
    table.text('error').nullable();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    // Last write by the backend running it; past `deadline_at` a running operation's
    // backend is taken to have stopped.
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.timestamp('deadline_at', { useTz: true }).notNullable();
    // Bumped by every write, so marking an operation interrupted never overwrites a newer write.
    table.integer('revision').notNullable();
  });
  // One running operation per cluster, across replicas: the database refuses a second
  // running row for a cluster, whichever backend inserts it. Partial unique indexes work
  // the same on SQLite and PostgreSQL.
  await knex.raw(
    `CREATE UNIQUE INDEX observability_pipeline_operations_one_running
       ON observability_pipeline_operations (cluster) WHERE state = 'running'`,
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('observability_pipeline_operations');
};
