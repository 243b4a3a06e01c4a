/*
 * yarn bench:apply — instruments 500 Deployments on the local API server (test/stack) the way
 * the portal's apply route does: InstrumentationService.apply for each service's entity
 * (listing its workloads, detection, plan, server-side apply, the change log and the stored
 * operation on SQLite), as the restricted ServiceAccount.
 * Last line: workloads=<n> seconds=<n> requests_per_workload=<n>
 */
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_ID_LABEL,
  KUBERNETES_NAMESPACE_ANNOTATION,
  type Operation,
} from '@internal/plugin-observability-common';
import { ensureStackUp, kubeClient } from '@internal/test-stack';
import knexFactory from 'knex';
import { AsyncLocalStorage } from 'node:async_hooks';
import { ChangeLog } from '../src/changes/ChangeLog';
import { InstrumentationService } from '../src/instrumentation/InstrumentationService';
import { OperationStore } from '../src/instrumentation/OperationStore';
import { localStackRegistry } from '../src/testing/localStackCluster';
import { WorkloadResolver } from '../src/workloads/WorkloadResolver';

const COUNT = Number(process.env.BENCH_WORKLOADS ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

const silentLogger = {
  error: (message: string) => console.error(message),
  warn: (message: string) => console.error(message),
  info: () => {},
  debug: () => {},
  child: () => silentLogger,
} as any;

/** The plugin's database on in-memory SQLite, migrations applied as in the backend. */
function sqliteDatabase(): DatabaseService {
  const knex = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
  return { getClient: async () => knex };
}

async function main() {
  const info = await ensureStackUp();
  const admin = kubeClient(info);
  const namespace = `bench-apply-${Date.now().toString(36)}`;
  await admin.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  const names = Array.from({ length: COUNT }, (_, i) => `svc-${String(i).padStart(3, '0')}`);
  const setupStart = Date.now();
  // Zero replicas: the benchmark measures the portal's API work, not KWOK scheduling 500 pods.
  await pool(names, CONCURRENCY, name =>
    admin.apply(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace, labels: { app: name, [KUBERNETES_ID_LABEL]: name } },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: name } },
          template: {
            metadata: { labels: { app: name, [KUBERNETES_ID_LABEL]: name } },
            spec: {
              containers: [
                {
                  name: 'app',
                  image: 'eclipse-temurin:21-jre',
                  env: [{ name: 'JAVA_TOOL_OPTIONS', value: '-Xmx256m' }].filter((_, i) => name.endsWith('0') && i === 0),
                },
              ],
            },
          },
        },
      },
      { fieldManager: 'kubectl', force: false },
    ),
  );
  console.log(`setup: ${COUNT} Deployments in ${((Date.now() - setupStart) / 1000).toFixed(1)} s`);

  // Every request the portal's clients send to the API server, attributed to the apply call
  // that made it while that call runs. Each apply's rollout watcher inherits the context but
  // first looks a poll after the apply returned, so its reads are not counted.
  const clusters = localStackRegistry(info);
  const counting = new AsyncLocalStorage<{ open: boolean }>();
  let requests = 0;
  const { kubeConfig } = clusters.get('local');
  const authenticate = kubeConfig.applySecurityAuthentication.bind(kubeConfig);
  kubeConfig.applySecurityAuthentication = async context => {
    if (counting.getStore()?.open) requests++;
    return authenticate(context);
  };

  const database = sqliteDatabase();
  const service = new InstrumentationService({
    clusters,
    workloads: new WorkloadResolver(clusters),
    changes: await ChangeLog.create(database),
    operations: await OperationStore.create(database),
    logger: silentLogger,
    settings: {
      sampling: { ratio: 1, propagators: ['tracecontext', 'baggage'] },
      rollout: { timeoutMs: 120_000, pollMs: Number(process.env.BENCH_POLL_MS ?? 1_000) },
    },
  });
  const entityOf = (name: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { [KUBERNETES_ID_ANNOTATION]: name, [KUBERNETES_NAMESPACE_ANNOTATION]: namespace },
    },
    spec: { type: 'service', owner: 'team-bench', system: 'bench' },
  });

  const operations: Operation[] = [];
  const failures: string[] = [];
  const started = process.hrtime.bigint();
  await pool(names, CONCURRENCY, async name => {
    const context = { open: true };
    try {
      const operation = await counting.run(context, () =>
        service.apply(entityOf(name), {}, 'user:default/bench'),
      );
      operations.push(operation);
    } catch (error) {
      failures.push(`${name}: ${(error as Error).message}`);
    } finally {
      context.open = false;
    }
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const results = operations.flatMap(op => op.results);
  const applied = results.filter(r => r.outcome === 'applied').length;
  for (const result of results.filter(r => r.outcome !== 'applied')) {
    failures.push(`${result.workload.name}: ${result.message}`);
  }
  if (results.length !== COUNT) failures.push(`${COUNT - results.length} workload(s) were not in any plan`);

  // The rollouts end on their own (zero replicas); waiting keeps the watchers off a deleted namespace.
  const settled = await Promise.all(operations.map(op => service.settled(op.id, 180_000)));
  const states = settled.reduce<Record<string, number>>((counts, op) => {
    const state = op?.state ?? 'missing';
    return { ...counts, [state]: (counts[state] ?? 0) + 1 };
  }, {});
  await admin.call('DELETE', `/api/v1/namespaces/${namespace}`);
  if (failures.length) {
    console.error(`${failures.length} failure(s), e.g. ${failures[0]}`);
    process.exitCode = 1;
  }
  console.log(`applied ${applied}/${COUNT} through InstrumentationService.apply, ${CONCURRENCY} at a time; operations ${JSON.stringify(states)}`);
  console.log(
    `workloads=${applied} seconds=${seconds.toFixed(2)} requests_per_workload=${(requests / COUNT).toFixed(2)}`,
  );
}

main()
  .then(() => process.exit())
  .catch(error => {
    console.error(error);
    process.exit(1);
  });
