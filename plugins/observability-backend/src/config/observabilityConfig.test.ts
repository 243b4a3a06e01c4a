import { ConfigReader } from '@backstage/config';
import { readObservabilityConfig } from './observabilityConfig';

describe('readObservabilityConfig', () => {
  it('applies defaults to an absent section', () => {
    const config = readObservabilityConfig(new ConfigReader({}));
    expect(config).toEqual({
      adminGroups: [],
      requestTimeoutMs: 10_000,
      instrumentation: {
        samplingRatio: 1,
        propagators: ['tracecontext', 'baggage'],
        rolloutTimeoutSeconds: 300,
      },
      coverage: { snapshotIntervalMinutes: 60 },
    });
  });

  it('reads Tempo, Prometheus and admin groups', () => {
    const config = readObservabilityConfig(
      new ConfigReader({
        observability: {
          adminGroups: ['group:default/platform'],
          tempo: { url: 'http://127.0.0.1:3200', tenant: 'team-a' },
          prometheus: { url: 'http://127.0.0.1:9090' },
        },
      }),
    );
    expect(config.tempo).toEqual({ url: 'http://127.0.0.1:3200', tenant: 'team-a' });
    expect(config.prometheus?.url).toBe('http://127.0.0.1:9090');
    expect(config.adminGroups).toEqual(['group:default/platform']);
  });

  it.each([
    [{ tempo: { url: 'not a url' } }, 'observability.tempo.url'],
    [{ tempo: { url: 'ftp://tempo:21' } }, 'observability.tempo.url'],
    [{ prometheus: { url: 'http://user:pw@prom:9090' } }, 'observability.prometheus.url'],
    [{ adminGroups: ['platform'] }, 'observability.adminGroups.0'],
    [{ requestTimeoutMs: 5 }, 'observability.requestTimeoutMs'],
    [{ instrumentation: { samplingRatio: 2 } }, 'observability.instrumentation.samplingRatio'],
    [{ instrumentation: { propagators: ['zipkin'] } }, 'observability.instrumentation.propagators.0'],
    [{ coverage: { snapshotIntervalMinutes: 1 } }, 'observability.coverage.snapshotIntervalMinutes'],
    [{ tempoUrl: 'http://x' }, 'observability: unknown key(s) tempoUrl'],
  ])('rejects %j naming %s', (observability, key) => {
    expect(() =>
      readObservabilityConfig(new ConfigReader({ observability })),
    ).toThrow(key);
  });
});
