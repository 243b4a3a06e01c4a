import type { Entity } from '@backstage/catalog-model';
import {
  mapServicesToEntities,
  serviceEntitiesFilter,
} from './serviceEntities';

const entity = (kind: string, name: string, serviceName?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: {
    name,
    namespace: 'default',
    ...(serviceName
      ? {
          annotations: {
            'observability.backstage.io/service-name': serviceName,
          },
        }
      : {}),
  },
});

describe('service graph nodes → catalog entities', () => {
  it('matches Components by name and any entity by the service-name annotation, which wins', () => {
    const map = mapServicesToEntities(
      ['checkout', 'payments-api', 'storefront', 'unknown'],
      [
        entity('Component', 'checkout'),
        entity('Component', 'payments', 'payments-api'),
        entity('Component', 'storefront'),
        entity('Resource', 'storefront-v2', 'storefront'),
      ],
    );
    expect(Object.fromEntries(map)).toEqual({
      checkout: 'component:default/checkout',
      'payments-api': 'component:default/payments',
      storefront: 'resource:default/storefront-v2',
    });
  });

  it('asks the catalog for both kinds of match', () => {
    expect(serviceEntitiesFilter(['a'])).toEqual([
      { kind: 'component', 'metadata.name': ['a'] },
      { 'metadata.annotations.observability.backstage.io/service-name': ['a'] },
    ]);
  });
});
