import { getDestinationSpec } from '../destinations';
import { renderGatewayConfig, renderNodeCollectorConfig } from './config';

describe('collector configs', () => {
  it('node collector adds Kubernetes attributes and the cluster name, and forwards to the gateway', () => {
    const config = renderNodeCollectorConfig({ cluster: 'prod' });
    expect(config.service.pipelines.traces).toEqual({
      receivers: ['otlp'],
      processors: ['memory_limiter', 'k8s_attributes', 'resource', 'batch'],
      exporters: ['otlp_grpc/gateway'],
    });
    expect(config.processors.resource.attributes).toEqual([
      { key: 'k8s.cluster.name', value: 'prod', action: 'upsert' },
    ]);
    expect(config.exporters['otlp_grpc/gateway'].endpoint).toBe(
      'observability-gateway.observability-system.svc:4317',
    );
  });

  it('gateway routes each signal to the destinations taking it, secrets as env references', () => {
    const { config, env } = renderGatewayConfig({
      destinations: [
        {
          name: 'tempo',
          spec: getDestinationSpec('tempo'),
          signals: ['traces'],
          values: { endpoint: 'tempo:4317', tlsInsecure: true },
          secretsSet: [],
        },
        {
          name: 'hc',
          spec: getDestinationSpec('honeycomb'),
          signals: ['traces', 'logs'],
          values: { endpoint: 'api.honeycomb.io:443' },
          secretsSet: ['apiKey'],
        },
      ],
    });
    expect(config.service.pipelines).toEqual({
      traces: { receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: ['otlp_grpc/hc', 'otlp_grpc/tempo'] },
      logs: { receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: ['otlp_grpc/hc'] },
    });
    expect(config.exporters['otlp_grpc/hc'].headers['x-honeycomb-team']).toBe('${env:OBS_DEST_HC__API_KEY}');
    expect(config.exporters['otlp_grpc/tempo']).toMatchObject({
      retry_on_failure: { enabled: true },
      sending_queue: { enabled: true },
    });
    expect(env).toEqual([
      { env: 'OBS_DEST_HC__API_KEY', secretName: 'observability-destination-hc', key: 'apiKey' },
    ]);
  });

  it('gateway without destinations still receives traces (debug exporter)', () => {
    const { config, env } = renderGatewayConfig({ destinations: [] });
    expect(config.service.pipelines).toEqual({
      traces: { receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: ['debug'] },
    });
    expect(env).toEqual([]);
  });
});
