import type { Entity } from '@backstage/catalog-model';
import type { Language, Workload } from '@internal/plugin-observability-common';
import { entityCoverage } from './entityCoverage';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default', title: 'Checkout' },
  spec: { owner: 'group:default/team-payments', system: 'shop' },
};

const workload = (
  cluster: string,
  coverage: Workload['coverage'],
  languages: Language[],
): Workload => ({
  cluster,
  namespace: 'shop',
  kind: 'Deployment',
  name: `w-${cluster}`,
  replicas: { desired: 1, ready: 1 },
  containers: languages.map((language, i) => ({
    name: `c${i}`,
    image: 'img',
    detection: {
      language,
      runtimeVersion: null,
      libc: 'glibc',
      otherAgents: [],
      confidence: 0.5,
      evidence: [],
      source: 'podspec',
    },
  })),
  pods: [],
  coverage,
});

describe('entityCoverage', () => {
  it('takes the least-covered workload and collects languages and clusters', () => {
    const row = entityCoverage(entity, [
      workload('prod', 'emitting', ['java']),
      workload('staging', 'applied', ['java', 'unknown', 'go']),
    ]);
    expect(row).toEqual({
      entityRef: 'component:default/checkout',
      title: 'Checkout',
      owner: 'team-payments',
      system: 'shop',
      languages: ['go', 'java'],
      workloads: 2,
      coverage: 'applied',
      clusters: ['prod', 'staging'],
    });
  });

  it('says no-workloads, unowned and no system when there is nothing to show', () => {
    const row = entityCoverage({ ...entity, metadata: { name: 'x' }, spec: {} }, []);
    expect(row).toMatchObject({
      title: 'x',
      owner: 'unowned',
      system: 'no system',
      coverage: 'no-workloads',
      languages: [],
      clusters: [],
    });
  });

  it('keeps an owner from another namespace whole', () => {
    const row = entityCoverage({ ...entity, spec: { owner: 'group:ops/sre' } }, []);
    expect(row.owner).toBe('ops/sre');
  });
});
