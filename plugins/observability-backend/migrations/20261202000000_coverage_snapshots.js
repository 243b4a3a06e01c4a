// @ts-check

/**
 * Coverage over time: one row per snapshot and group (everything, each owner, each system),
 * counting Components, how many carry the agent and how many are emitting spans.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('observability_coverage_snapshots', table => {
    table.bigIncrements('id').primary();
    table.timestamp('taken_at', { useTz: true }).notNullable();
    table.string('scope', 16).notNullable();
    table.string('group_name', 512).notNullable();
    table.integer('components').notNullable();
    table.integer('instrumented').notNullable();
    table.integer('emitting').notNullable();
    table.index(['scope', 'group_name', 'taken_at']);
    table.index(['taken_at']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('observability_coverage_snapshots');
};
