import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Grid, MenuItem, TextField } from '@material-ui/core';
import { useEffect, useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { pipelineApiRef } from '../../api/PipelineClient';
import { ClustersCard } from './ClustersCard';
import { DefaultsCard } from './DefaultsCard';
import { DestinationsCard } from './DestinationsCard';
import { PipelineDiagram } from './PipelineDiagram';

/** The pipeline sections of the admin settings page. */
export function PipelineSettings() {
  const api = useApi(pipelineApiRef);
  const clusters = useAsyncRetry(() => api.listClusters(), [api]);
  const [cluster, setCluster] = useState<string | undefined>();
  const names = useMemo(() => clusters.value?.map(c => c.cluster) ?? [], [clusters.value]);
  useEffect(() => {
    if (!cluster && names.length > 0) setCluster(names[0]);
  }, [cluster, names]);
  const overview = useAsyncRetry(
    async () => (cluster ? api.getOverview(cluster) : undefined),
    [api, cluster, clusters.value],
  );

  if (clusters.loading && !clusters.value) return <Progress />;
  if (clusters.error) return <ResponseErrorPanel error={clusters.error} />;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <ClustersCard clusters={clusters.value ?? []} onChange={clusters.retry} />
      </Grid>
      {cluster && (
        <>
          <Grid item xs={12}>
            <TextField
              id="pipeline-cluster"
              select
              label="Cluster"
              value={cluster}
              onChange={e => setCluster(e.target.value)}
            >
              {names.map(n => (
                <MenuItem key={n} value={n}>
                  {n}
                </MenuItem>
              ))}
            </TextField>
          </Grid>
          <Grid item xs={12}>
            <InfoCard title={`Pipeline overview: ${cluster}`}>
              {overview.error && <ResponseErrorPanel error={overview.error} />}
              {overview.value && <PipelineDiagram overview={overview.value} />}
            </InfoCard>
          </Grid>
          <Grid item xs={12} md={8}>
            <DestinationsCard cluster={cluster} onChange={clusters.retry} />
          </Grid>
          <Grid item xs={12} md={4}>
            <DefaultsCard cluster={cluster} />
          </Grid>
        </>
      )}
    </Grid>
  );
}
