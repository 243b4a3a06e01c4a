/* Entity → workloads → languages on the local cluster's demo workloads (yarn stack:demo). */
import type { Entity } from '@backstage/catalog-model';
import { applyDemo, ensureStackUp } from '@internal/test-stack';
import { localStackRegistry } from '../testing/localStackCluster';
import { WorkloadResolver } from './WorkloadResolver';

const component = (name: string, namespace: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    annotations: {
      'backstage.io/kubernetes-id': name,
      'backstage.io/kubernetes-namespace': namespace,
    },
  },
});

// Rollouts on a shared 2-core machine take seconds, not milliseconds.
jest.setTimeout(300_000);

describe('WorkloadResolver on the local cluster', () => {
  let resolver: WorkloadResolver;

  beforeAll(async () => {
    const info = await ensureStackUp();
    await applyDemo(info);
    const clusters = localStackRegistry(info, [
      // A configured cluster that is down must not hide the healthy one.
      { name: 'offline', url: 'https://127.0.0.1:1', authProvider: 'serviceAccount', serviceAccountToken: 't', skipTLSVerify: true },
    ]);
    resolver = new WorkloadResolver(clusters);
  }, 1_800_000);

  it.each([
    ['checkout', 'shop', 'java'],
    ['recommendations', 'shop', 'python'],
    ['storefront', 'shop', 'nodejs'],
    ['payments', 'shop', 'dotnet'],
    ['inventory', 'logistics', 'go'],
    ['shipping', 'logistics', 'ruby'],
    ['pricing', 'logistics', 'rust'],
  ])('finds %s in %s and guesses %s from its pod spec', async (name, namespace, language) => {
    const [local, offline] = await resolver.resolve(component(name, namespace));
    expect(offline).toMatchObject({ cluster: 'offline', workloads: [] });
    expect(offline.error).toMatch(/ECONNREFUSED|connect|fetch failed/i);
    expect(local.error).toBeUndefined();
    const workload = local.workloads.find(w => w.name === name);
    expect(workload).toMatchObject({ kind: 'Deployment', namespace });
    expect(workload!.containers[0].detection).toMatchObject({ language, source: 'podspec' });
    expect(workload!.pods.length).toBeGreaterThan(0);
    expect(workload!.pods.every(p => p.node?.startsWith('kwok-node-'))).toBe(true);
  });
});
