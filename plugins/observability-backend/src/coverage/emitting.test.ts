import type { Workload } from '@internal/plugin-observability-common';
import { withEmitting } from './emitting';

const workload = (name: string, coverage: Workload['coverage']): Workload => ({
  cluster: 'local',
  namespace: 'shop',
  kind: 'Deployment',
  name,
  replicas: { desired: 1, ready: 1 },
  containers: [],
  pods: [],
  coverage,
});

describe('withEmitting', () => {
  const workloads = [workload('a', 'rolled-out'), workload('b', 'applied')];

  it('promotes rolled-out workloads when the service emits', async () => {
    const check = jest.fn().mockResolvedValue(true);
    const result = await withEmitting(workloads, () => 'checkout', check);
    expect(check).toHaveBeenCalledWith('checkout');
    expect(result.map(w => w.coverage)).toEqual(['emitting', 'applied']);
  });

  it('leaves the state alone when no span was seen', async () => {
    const result = await withEmitting(workloads, () => 'checkout', async () => false);
    expect(result.map(w => w.coverage)).toEqual(['rolled-out', 'applied']);
  });

  it('does not ask Tempo when nothing is rolled out', async () => {
    const check = jest.fn();
    await withEmitting([workload('b', 'applied')], () => 'checkout', check);
    expect(check).not.toHaveBeenCalled();
  });

  it('keeps what the cluster proves when Tempo fails', async () => {
    const result = await withEmitting(workloads, () => 'x', async () => {
      throw new Error('tempo down');
    });
    expect(result.map(w => w.coverage)).toEqual(['rolled-out', 'applied']);
  });
});
