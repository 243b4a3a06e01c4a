import type { ClusterClient } from '../clusters/ClusterRegistry';
import { FindingsIndex } from '../detection/FindingsIndex';
import { FreshCoalescer, NamespaceListings, type Listing } from './NamespaceListings';
import type { RawWorkload } from './toWorkload';

/** A load that resolves only when the test says so. */
function controlledLoad() {
  const pending: Array<{ resolve(value: number): void; reject(error: Error): void }> = [];
  let calls = 0;
  const load = () => {
    calls++;
    return new Promise<number>((resolve, reject) => pending.push({ resolve, reject }));
  };
  return { load, pending, calls: () => calls };
}

const flush = () => new Promise(resolve => setImmediate(resolve));

describe('FreshCoalescer', () => {
  it('serves callers who arrive during a load from the next load, one for all of them', async () => {
    const { load, pending, calls } = controlledLoad();
    const coalescer = new FreshCoalescer(load);
    const first = coalescer.get();
    const later = [coalescer.get(), coalescer.get(), coalescer.get()];
    expect(calls()).toBe(1);
    pending[0].resolve(1);
    await flush();
    // The queued callers did not get the load that started before they asked.
    expect(calls()).toBe(2);
    pending[1].resolve(2);
    expect(await first).toBe(1);
    expect(await Promise.all(later)).toEqual([2, 2, 2]);
    // Idle again: the next caller starts its own load.
    const next = coalescer.get();
    expect(calls()).toBe(3);
    pending[2].resolve(3);
    expect(await next).toBe(3);
  });

  it('still serves the queued callers when the running load fails, and rejects only its own callers', async () => {
    const { load, pending } = controlledLoad();
    const coalescer = new FreshCoalescer(load);
    const first = coalescer.get();
    const queued = coalescer.get();
    pending[0].reject(new Error('connection reset'));
    await expect(first).rejects.toThrow('connection reset');
    await flush();
    pending[1].resolve(7);
    expect(await queued).toBe(7);
  });
});

function raw(name: string, labels: Record<string, string>): RawWorkload {
  return {
    object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, labels } },
    kind: 'Deployment',
    metadata: { name, labels },
    template: { metadata: { labels } },
    desiredReplicas: 1,
    readyReplicas: 0,
  };
}

describe('NamespaceListings', () => {
  const client = { name: 'local' } as ClusterClient;
  const listing: Listing = {
    raws: [raw('checkout', { 'backstage.io/kubernetes-id': 'checkout' }), raw('billing', { 'backstage.io/kubernetes-id': 'billing' })],
    pods: [
      { metadata: { name: 'checkout-1', labels: { 'backstage.io/kubernetes-id': 'checkout' } } },
      { metadata: { name: 'billing-1', labels: { 'backstage.io/kubernetes-id': 'billing' } } },
    ],
    findings: FindingsIndex.empty(),
  };

  it('shares namespace listings between concurrent lookups and cuts out each entity\'s workloads and pods', async () => {
    const list = jest.fn(async () => listing);
    const listings = new NamespaceListings(list);
    const [checkout, billing] = await Promise.all([
      listings.list(client, { namespace: 'shop', labelSelector: 'backstage.io/kubernetes-id=checkout' }),
      listings.list(client, { namespace: 'shop', labelSelector: 'backstage.io/kubernetes-id in (billing)' }),
      ...Array.from({ length: 8 }, () =>
        listings.list(client, { namespace: 'shop', labelSelector: 'backstage.io/kubernetes-id=checkout' }),
      ),
    ]);
    // The first lookup's listing, then one more for everyone who asked while it ran.
    expect(list).toHaveBeenCalledTimes(2);
    expect(list).toHaveBeenCalledWith(client, { namespace: 'shop' });
    expect(checkout.raws.map(r => r.metadata.name)).toEqual(['checkout']);
    expect(checkout.pods.map(p => p.metadata?.name)).toEqual(['checkout-1']);
    expect(billing.raws.map(r => r.metadata.name)).toEqual(['billing']);
    expect(billing.findings).toBe(listing.findings);
  });

  it('leaves a lookup without a namespace to the API\'s label selector', async () => {
    const list = jest.fn(async () => listing);
    const query = { labelSelector: 'backstage.io/kubernetes-id=checkout' };
    expect(await new NamespaceListings(list).list(client, query)).toBe(listing);
    expect(list).toHaveBeenCalledWith(client, query);
  });
});
