/** A Grafana Explore link that opens `traceId` in the configured Tempo data source. */
export function grafanaExploreUrl(
  grafana: { url: string; tempoDatasourceUid?: string },
  traceId: string,
): string {
  const datasource = grafana.tempoDatasourceUid
    ? { type: 'tempo', uid: grafana.tempoDatasourceUid }
    : { type: 'tempo' };
  const panes = {
    trace: {
      datasource: grafana.tempoDatasourceUid,
      queries: [
        { refId: 'A', datasource, queryType: 'traceql', query: traceId },
      ],
      range: { from: 'now-24h', to: 'now' },
    },
  };
  const base = grafana.url.replace(/\/$/, '');
  return `${base}/explore?schemaVersion=1&panes=${encodeURIComponent(
    JSON.stringify(panes),
  )}`;
}
