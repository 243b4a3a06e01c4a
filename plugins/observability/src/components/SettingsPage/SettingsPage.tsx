import {
  Content,
  ContentHeader,
  Progress,
  ResponseErrorPanel,
  SupportButton,
} from '@backstage/core-components';
import { Button, Grid } from '@material-ui/core';
import { HealthTable, useHealthRows } from '../HealthTable';
import { PipelineSettings } from '../pipeline';

/** Admin settings: the connections the backend is configured with, and their health. */
export function SettingsPage() {
  const { value, loading, error, retry } = useHealthRows();
  return (
    <Content>
      <ContentHeader title="Settings">
        <Button variant="outlined" onClick={retry} disabled={loading}>
          Check again
        </Button>
        <SupportButton>
          Clusters come from the same kubernetes section the Kubernetes plugin reads; Tempo
          and Prometheus from the observability section of app-config.yaml.
        </SupportButton>
      </ContentHeader>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          {loading && !value && <Progress />}
          {error && <ResponseErrorPanel error={error} />}
          {value && <HealthTable title="Clusters and backends" rows={value} />}
        </Grid>
        <Grid item xs={12}>
          <PipelineSettings />
        </Grid>
      </Grid>
    </Content>
  );
}
