import type { Entity } from '@backstage/catalog-model';
import { groupRows, toCoverageRows } from './coverageRows';

const component = (
  name: string,
  annotations: Record<string, string>,
  spec: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', lifecycle: 'production', ...spec },
});

describe('toCoverageRows', () => {
  const entities: Entity[] = [
    component('checkout', { 'backstage.io/kubernetes-id': 'checkout' }, {
      owner: 'group:default/team-payments',
      system: 'shop',
    }),
    component(
      'search',
      {
        'backstage.io/kubernetes-label-selector': 'app=search',
        'backstage.io/kubernetes-namespace': 'search',
      },
      { owner: 'team-web' },
    ),
    component('docs-site', {}, { owner: 'team-web' }),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'shop', annotations: { 'backstage.io/kubernetes-id': 'x' } },
      spec: { owner: 'team-web' },
    },
  ];

  it('keeps only Components with Kubernetes annotations, and says how they select workloads', () => {
    expect(toCoverageRows(entities)).toEqual([
      {
        entityRef: 'component:default/checkout',
        name: 'checkout',
        title: 'checkout',
        owner: 'team-payments',
        system: 'shop',
        workloadSelector: 'id=checkout',
        namespace: undefined,
      },
      {
        entityRef: 'component:default/search',
        name: 'search',
        title: 'search',
        owner: 'team-web',
        system: '—',
        workloadSelector: 'selector=app=search',
        namespace: 'search',
      },
    ]);
  });

  it('counts rows per owner and per system, largest first', () => {
    const rows = toCoverageRows([
      ...entities,
      component('cart', { 'backstage.io/kubernetes-id': 'cart' }, {
        owner: 'team-web',
        system: 'shop',
      }),
    ]);
    expect(groupRows(rows, 'owner')).toEqual([
      { group: 'team-web', components: 2 },
      { group: 'team-payments', components: 1 },
    ]);
    expect(groupRows(rows, 'system')).toEqual([
      { group: 'shop', components: 2 },
      { group: '—', components: 1 },
    ]);
  });
});
