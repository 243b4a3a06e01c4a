import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { observabilityApiRef } from '../../api';
import type { HealthRow } from './HealthTable';

/** Loads `/health` and flattens it into table rows. */
export function useHealthRows() {
  const api = useApi(observabilityApiRef);
  return useAsyncRetry(async (): Promise<HealthRow[]> => {
    const health = await api.getHealth();
    return [
      ...health.clusters.map(c => ({ ...c, kind: 'Cluster' as const })),
      ...(health.tempo ? [{ ...health.tempo, kind: 'Tempo' as const }] : []),
      ...(health.tempoClusters ?? []).map(t => ({ ...t, kind: 'Tempo' as const })),
      ...(health.prometheus
        ? [{ ...health.prometheus, kind: 'Prometheus' as const }]
        : []),
    ];
  }, [api]);
}
