import { parseServiceRates, rateOfService, SOURCE_RATES_QUERY } from './sourceRates';

describe('span-metrics rates per service', () => {
  it('queries every service at once, so no service name is spliced into PromQL', () => {
    expect(SOURCE_RATES_QUERY).toBe('sum by (service, k8s_cluster_name) (rate(traces_spanmetrics_calls_total[5m]))');
  });

  it('uses the cluster-labelled series when span metrics carry the cluster', () => {
    const rates = parseServiceRates([
      { labels: { service: 'checkout', k8s_cluster_name: 'prod' }, value: 12 },
      { labels: { service: 'checkout', k8s_cluster_name: 'staging' }, value: 3 },
    ]);
    expect(rateOfService(rates, 'checkout', 'prod')).toEqual({ perSecond: 12, allClusters: false });
    expect(rateOfService(rates, 'checkout', 'staging')).toEqual({ perSecond: 3, allClusters: false });
    // Labelled by cluster, and not in this one: no number for it here.
    expect(rateOfService(rates, 'checkout', 'dev')).toBeUndefined();
  });

  it('falls back to the series without a cluster label, saying it counts every cluster', () => {
    const rates = parseServiceRates([
      { labels: { service: 'checkout' }, value: 7.5 },
      { labels: {}, value: 99 },
    ]);
    expect(rateOfService(rates, 'checkout', 'prod')).toEqual({ perSecond: 7.5, allClusters: true });
    expect(rateOfService(rates, 'payments', 'prod')).toBeUndefined();
    expect(rates.byService.size).toBe(1);
  });
});
