import { mockServices, type TestDatabases } from '@backstage/backend-test-utils';
import type { StackInfo } from '@internal/test-stack';
import { ChangeLog } from '../../changes/ChangeLog';
import { InstrumentationService } from '../InstrumentationService';
import { OperationStore } from '../OperationStore';
import { WorkloadResolver } from '../../workloads/WorkloadResolver';
import { localStackRegistry } from '../../testing/localStackCluster';

/** A one-replica Node.js Deployment as its owner writes it, with extra pod-template labels. */
export function ownerNodeDeployment(name: string, namespace: string, podLabels: Record<string, string>) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { 'backstage.io/kubernetes-id': name } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, ...podLabels } },
        spec: { containers: [{ name: 'app', image: 'node:20-bookworm-slim', command: ['node', 'server.js'] }] },
      },
    },
  };
}

/** The instrumentation service on the local stack's cluster, recording changes in SQLite. */
export async function localInstrumentationService(
  info: StackInfo,
  databases: TestDatabases,
  rolloutTimeoutMs: number,
): Promise<{ service: InstrumentationService; changes: ChangeLog }> {
  const clusters = localStackRegistry(info);
  const database = mockServices.database({ knex: await databases.init('SQLITE_3') });
  const changes = await ChangeLog.create(database);
  const service = new InstrumentationService({
    clusters,
    workloads: new WorkloadResolver(clusters),
    changes,
    operations: await OperationStore.create(database),
    logger: mockServices.logger.mock(),
    settings: {
      sampling: { ratio: 1, propagators: ['tracecontext'] },
      rollout: { timeoutMs: rolloutTimeoutMs, pollMs: 500 },
    },
  });
  return { service, changes };
}
