import { grafanaExploreUrl } from './grafanaLinks';

describe('grafanaExploreUrl', () => {
  it('opens the trace id as a TraceQL query in the configured Tempo data source', () => {
    const url = new URL(
      grafanaExploreUrl(
        { url: 'https://grafana.example.com/', tempoDatasourceUid: 'tempo-1' },
        'ab12',
      ),
    );
    expect(url.origin + url.pathname).toBe(
      'https://grafana.example.com/explore',
    );
    const panes = JSON.parse(url.searchParams.get('panes')!);
    expect(panes.trace.queries[0]).toEqual({
      refId: 'A',
      datasource: { type: 'tempo', uid: 'tempo-1' },
      queryType: 'traceql',
      query: 'ab12',
    });
  });
});
