// @ts-check

/**
 * Every change the product makes to a cluster: who, what, where, outcome. Never holds a
 * secret value (destination secrets live only in Kubernetes Secrets).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('observability_changes', table => {
    table.bigIncrements('id').primary();
    table.string('operation_id', 64).notNullable().index();
    table.string('entity_ref', 512).notNullable().index();
    table.string('action', 32).notNullable();
    table.string('actor', 512).notNullable();
    table.string('cluster', 253).notNullable();
    table.string('kind', 32).notNullable();
    table.string('namespace', 63).notNullable();
    table.string('name', 253).notNullable();
    table.string('outcome', 32).notNullable();
    table.text('message').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('observability_changes');
};
