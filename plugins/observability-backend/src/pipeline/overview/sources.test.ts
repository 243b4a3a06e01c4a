import { INSTRUMENTATION_ANNOTATION } from '@internal/plugin-observability-common';
import type { RawWorkload } from '../../workloads/toWorkload';
import { instrumentedSources, SERVICE_NAME_ANNOTATION } from './sources';

function raw(
  name: string,
  options: {
    namespace?: string;
    kind?: RawWorkload['kind'];
    strategies?: Record<string, string>;
    annotations?: Record<string, string>;
    containers?: { name: string; env?: { name: string; value?: string }[] }[];
  } = {},
): RawWorkload {
  const annotations = {
    ...(options.strategies
      ? { [INSTRUMENTATION_ANNOTATION]: JSON.stringify({ containers: options.strategies, revision: 'r1' }) }
      : {}),
    ...options.annotations,
  };
  const template = {
    metadata: { annotations },
    spec: { containers: options.containers ?? [{ name: 'app' }] },
  };
  return {
    object: { apiVersion: 'apps/v1', kind: options.kind ?? 'Deployment', metadata: { name } },
    kind: options.kind ?? 'Deployment',
    metadata: { name, namespace: options.namespace ?? 'shop' },
    template: template as any,
    desiredReplicas: 1,
    readyReplicas: 1,
  };
}

describe('instrumentedSources', () => {
  it('keeps only the workloads the portal instrumented, with strategies and service names', () => {
    const sources = instrumentedSources([
      raw('untouched'),
      raw('checkout', {
        strategies: { app: 'java' },
        containers: [{ name: 'app', env: [{ name: 'OTEL_SERVICE_NAME', value: 'checkout-svc' }] }],
      }),
      raw('ledger', { namespace: 'finance', kind: 'StatefulSet', strategies: { app: 'ebpf' } }),
    ]);
    expect(sources).toEqual([
      { namespace: 'finance', kind: 'StatefulSet', name: 'ledger', services: ['ledger'], strategies: ['ebpf'] },
      { namespace: 'shop', kind: 'Deployment', name: 'checkout', services: ['checkout-svc'], strategies: ['java'] },
    ]);
  });

  it('names an eBPF-instrumented service from the service-name annotation when it has one', () => {
    const [source] = instrumentedSources([
      raw('ledger', { strategies: { app: 'ebpf' }, annotations: { [SERVICE_NAME_ANNOTATION]: 'ledger-api' } }),
    ]);
    expect(source.services).toEqual(['ledger-api']);
  });

  it('lists each service and strategy once for a workload with several instrumented containers', () => {
    const [source] = instrumentedSources([
      raw('shop-web', {
        strategies: { web: 'nodejs', worker: 'python', proxy: 'ebpf' },
        containers: [
          { name: 'web', env: [{ name: 'OTEL_SERVICE_NAME', value: 'storefront' }] },
          { name: 'worker', env: [{ name: 'OTEL_SERVICE_NAME', value: 'storefront' }] },
          { name: 'proxy' },
        ],
      }),
    ]);
    expect(source).toMatchObject({ services: ['shop-web', 'storefront'], strategies: ['ebpf', 'nodejs', 'python'] });
  });

  it('ignores an unreadable annotation instead of failing the overview', () => {
    const broken = raw('x');
    broken.template.metadata!.annotations = { [INSTRUMENTATION_ANNOTATION]: '{not json' };
    expect(instrumentedSources([broken])).toEqual([]);
  });
});
