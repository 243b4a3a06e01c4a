import { TtlCache } from './TtlCache';

describe('TtlCache', () => {
  it('shares one computation until the entry expires', async () => {
    let now = 0;
    const cache = new TtlCache<number>(1000, 10, () => now);
    let calls = 0;
    const compute = async () => ++calls;
    expect(
      await Promise.all([cache.get('a', compute), cache.get('a', compute)]),
    ).toEqual([1, 1]);
    now = 999;
    expect(await cache.get('a', compute)).toBe(1);
    now = 1000;
    expect(await cache.get('a', compute)).toBe(2);
  });

  it('does not keep failures and evicts the oldest entry when full', async () => {
    const cache = new TtlCache<string>(60_000, 2);
    await expect(
      cache.get('x', () => Promise.reject(new Error('down'))),
    ).rejects.toThrow('down');
    expect(await cache.get('x', async () => 'up')).toBe('up');
    await cache.get('y', async () => 'y');
    await cache.get('z', async () => 'z');
    expect(await cache.get('x', async () => 'recomputed')).toBe('recomputed');
  });
});
