// @ts-check

/**
 * Instrumentation operations (an apply or uninstrument and its rollouts), so any replica
 * answers `GET /operations/:id` and an operation outlives the backend that started it.
 * Results and rollouts are JSON text: they are read and written whole, never queried.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('observability_operations', table => {
    table.string('id', 64).primary();
    table.string('entity_ref', 512).notNullable().index();
    table.string('action', 32).notNullable();
    table.string('state', 32).notNullable();
    table.text('results').notNullable();
    table.text('rollouts').notNullable();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    // Last write by the backend working on it; past `deadline_at` a running operation's
    // backend is taken to have stopped.
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.timestamp('deadline_at', { useTz: true }).notNullable();
    // Bumped by every write, so marking an operation interrupted never overwrites a newer write.
    table.integer('revision').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('observability_operations');
};
