import type { Entity } from '@backstage/catalog-model';
import { matchesLabels, workloadQueryFor } from './entityQuery';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', annotations },
});

describe('workloadQueryFor', () => {
  it('selects by the kubernetes-id label', () => {
    expect(workloadQueryFor(entity({ 'backstage.io/kubernetes-id': 'checkout' }))).toEqual({
      labelSelector: 'backstage.io/kubernetes-id=checkout',
    });
  });

  it('prefers an explicit label selector and keeps the namespace', () => {
    expect(
      workloadQueryFor(
        entity({
          'backstage.io/kubernetes-id': 'checkout',
          'backstage.io/kubernetes-label-selector': 'app in (checkout, cart)',
          'backstage.io/kubernetes-namespace': 'shop',
        }),
      ),
    ).toEqual({ labelSelector: 'app in (checkout, cart)', namespace: 'shop' });
  });

  it.each([
    [{}, 'neither backstage.io/kubernetes-id'],
    [{ 'backstage.io/kubernetes-id': 'a,b=c' }, 'not a valid Kubernetes label value'],
    [
      { 'backstage.io/kubernetes-id': 'ok', 'backstage.io/kubernetes-namespace': 'Bad_NS' },
      'not a valid namespace name',
    ],
  ])('rejects %j', (annotations, message) => {
    expect(() => workloadQueryFor(entity(annotations))).toThrow(message);
  });
});

describe('matchesLabels', () => {
  it('matches when every selector label is present with the same value', () => {
    expect(matchesLabels({ app: 'a' }, { app: 'a', tier: 'web' })).toBe(true);
    expect(matchesLabels({ app: 'a' }, { app: 'b' })).toBe(false);
    expect(matchesLabels({}, { app: 'a' })).toBe(false);
  });
});
