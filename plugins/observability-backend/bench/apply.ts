/*
 * yarn bench:apply — plans and applies instrumentation to 500 Deployments on the local API
 * server (test/stack) the way the portal does: read the workload, plan, server-side apply.
 * Last line: workloads=<n> seconds=<n> requests_per_workload=<n>
 */
import { ensureStackUp, kubeClient } from '@internal/test-stack';
import { localStackRegistry } from '../src/testing/localStackCluster';
import { applyPlan, readWorkload } from '../src/instrumentation/applyInstrumentation';
import { planWorkload } from '../src/instrumentation/planWorkload';

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
        metadata: { name, namespace, labels: { app: name } },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: name } },
          template: {
            metadata: { labels: { app: name } },
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

  const cluster = localStackRegistry(info).get('local');

  let requests = 0;
  let applied = 0;
  const failures: string[] = [];
  const started = process.hrtime.bigint();
  await pool(names, CONCURRENCY, async name => {
    const object = await readWorkload(cluster, 'Deployment', namespace, name);
    requests++;
    const plan = planWorkload({
      cluster: 'local',
      kind: 'Deployment',
      object,
      detections: {
        app: {
          language: 'java',
          runtimeVersion: '21',
          libc: 'glibc',
          otherAgents: [],
          confidence: 0.99,
          evidence: ['bench'],
          source: 'process',
        },
      },
      service: { name, namespace: 'bench' },
      sampling: { ratio: 1, propagators: ['tracecontext', 'baggage'] },
    });
    const result = await applyPlan(cluster, plan);
    requests += result.requests;
    if (result.outcome === 'applied') applied++;
    else failures.push(`${name}: ${result.message}`);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  await admin.call('DELETE', `/api/v1/namespaces/${namespace}`);
  if (failures.length) {
    console.error(`${failures.length} workload(s) failed, e.g. ${failures[0]}`);
    process.exitCode = 1;
  }
  console.log(`applied ${applied}/${COUNT} with concurrency ${CONCURRENCY}`);
  console.log(
    `workloads=${applied} seconds=${seconds.toFixed(2)} requests_per_workload=${(requests / COUNT).toFixed(2)}`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
