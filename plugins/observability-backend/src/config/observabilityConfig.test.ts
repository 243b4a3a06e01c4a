import { ConfigReader } from '@backstage/config';
import { checkTempoClusters, readObservabilityConfig } from './observabilityConfig';

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
    [{ tempo: { tenant: 'a' } }, 'observability.tempo.url: set url (the global Tempo) or at least one entry'],
    [{ tempo: { clusters: { east: { url: 'nope' } } } }, 'observability.tempo.clusters.east.url'],
    [{ tempo: { clusters: { east: {} } } }, 'observability.tempo.clusters.east.url'],
    [
      { tempo: { clusters: { east: { url: 'http://t:3200', tenat: 'x' } } } },
      'observability.tempo.clusters.east: unknown key(s) tenat',
    ],
  ])('rejects %j naming %s', (observability, key) => {
    expect(() =>
      readObservabilityConfig(new ConfigReader({ observability })),
    ).toThrow(key);
  });
});

describe('per-cluster Tempo', () => {
  const read = (tempo: object) =>
    readObservabilityConfig(new ConfigReader({ observability: { tempo } }));

  it('keeps the global Tempo apart from the per-cluster ones', () => {
    const config = read({
      url: 'http://global:3200',
      tenant: 'all',
      clusters: { east: { url: 'http://east:3200', tenant: 'e', token: 't' } },
    });
    expect(config.tempo).toEqual({ url: 'http://global:3200', tenant: 'all' });
    expect(config.tempoClusters).toEqual({
      east: { url: 'http://east:3200', tenant: 'e', token: 't' },
    });
  });

  it('accepts per-cluster Tempo without a global one', () => {
    const config = read({ clusters: { east: { url: 'http://east:3200' } } });
    expect(config.tempo).toBeUndefined();
    expect(config.tempoClusters).toEqual({ east: { url: 'http://east:3200' } });
  });

  it('accepts cluster names from the kubernetes section', () => {
    const config = read({ clusters: { east: { url: 'http://east:3200' } } });
    expect(() => checkTempoClusters(config, ['east', 'west'])).not.toThrow();
  });

  it('rejects a cluster name the kubernetes section does not have, naming the key', () => {
    const config = read({
      url: 'http://global:3200',
      clusters: { esat: { url: 'http://east:3200' } },
    });
    expect(() => checkTempoClusters(config, ['east'])).toThrow(
      "observability.tempo.clusters.esat: no cluster named 'esat' in kubernetes.clusterLocatorMethods",
    );
  });
});
