/* The coverage page's data from the local cluster's demo workloads (yarn stack:demo). */
import fs from 'node:fs';
import path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { applyDemo, ensureStackUp, repoRoot } from '@internal/test-stack';
import { parseAllDocuments } from 'yaml';
import { localStackRegistry } from '../testing/localStackCluster';
import { CoverageService } from './CoverageService';

jest.setTimeout(300_000);

/** The example catalog the portal loads, plus entities that exercise the edges. */
function catalogEntities(): Entity[] {
  const file = path.join(repoRoot, 'examples', 'entities.yaml');
  const examples = parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map(d => d.toJS() as Entity)
    .filter(Boolean);
  const component = (name: string, annotations: Record<string, string>): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { owner: 'team-web', type: 'service', lifecycle: 'production' },
  });
  return [
    ...examples.map(e => ({ ...e, metadata: { namespace: 'default', ...e.metadata } })),
    // Set-based selector naming two demo workloads of the logistics system.
    component('logistics-backends', {
      'backstage.io/kubernetes-label-selector':
        'app.kubernetes.io/part-of=logistics,app.kubernetes.io/name in (inventory,pricing)',
    }),
    // Right label, wrong namespace: nothing.
    component('checkout-elsewhere', {
      'backstage.io/kubernetes-id': 'checkout',
      'backstage.io/kubernetes-namespace': 'logistics',
    }),
    component('broken-annotation', { 'backstage.io/kubernetes-id': 'not a label!' }),
  ];
}

describe('CoverageService on the local cluster', () => {
  let service: CoverageService;

  beforeAll(async () => {
    const info = await ensureStackUp();
    await applyDemo(info);
    const clusters = localStackRegistry(info, [
      { name: 'offline', url: 'https://127.0.0.1:1', authProvider: 'serviceAccount', serviceAccountToken: 't', skipTLSVerify: true },
    ]);
    service = new CoverageService({
      clusters,
      catalog: catalogServiceMock({ entities: catalogEntities() }),
    });
  }, 1_800_000);

  it('lists every Component with Kubernetes annotations, with languages from the cluster', async () => {
    const { entities, clusterErrors, generatedAt } = await service.coverage(
      mockCredentials.user(),
    );
    expect(Date.parse(generatedAt)).not.toBeNaN();
    // The down cluster is reported, and does not hide the healthy one.
    expect(clusterErrors).toEqual([
      { cluster: 'offline', error: expect.stringMatching(/ECONNREFUSED|connect|fetch failed/i) },
    ]);
    const byName = new Map(entities.map(e => [e.entityRef.split('/')[1], e]));
    // docs-site has no Kubernetes annotations, so it is not on the page.
    expect(byName.has('docs-site')).toBe(false);
    expect(byName.get('checkout')).toMatchObject({
      title: 'Checkout',
      owner: 'team-payments',
      system: 'shop',
      languages: ['java'],
      workloads: 1,
      coverage: expect.stringMatching(/not-instrumented|applied|rolled-out/),
      clusters: ['local'],
    });
    expect(byName.get('inventory')).toMatchObject({ languages: ['go'], system: 'logistics' });
    expect(byName.get('logistics-backends')).toMatchObject({
      workloads: 2,
      languages: ['go', 'rust'],
    });
    expect(byName.get('checkout-elsewhere')).toMatchObject({ workloads: 0, coverage: 'no-workloads' });
    expect(byName.get('broken-annotation')).toMatchObject({ coverage: 'no-workloads' });
    // Sorted by title for a stable page.
    const titles = entities.map(e => e.title);
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b)));
  });
});
