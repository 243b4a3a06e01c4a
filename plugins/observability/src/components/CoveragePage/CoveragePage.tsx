import {
  Content,
  ContentHeader,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { useRouteRef } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { Chip, Grid, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { groupRows, toCoverageRows, type CoverageRow } from './coverageRows';

function GroupSummary(props: { title: string; rows: CoverageRow[]; by: 'owner' | 'system' }) {
  return (
    <div>
      <Typography variant="subtitle2">{props.title}</Typography>
      {groupRows(props.rows, props.by).map(g => (
        <Chip key={g.group} size="small" label={`${g.group}: ${g.components}`} style={{ margin: 2 }} />
      ))}
    </div>
  );
}

/** Every Component that names its Kubernetes workloads, by owner and system. */
export function CoveragePage() {
  const catalogApi = useApi(catalogApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const { value, loading, error } = useAsync(async () => {
    const { items } = await catalogApi.getEntities({ filter: { kind: 'Component' } });
    return { rows: toCoverageRows(items), total: items.length };
  }, [catalogApi]);

  const columns: TableColumn<CoverageRow>[] = [
    {
      title: 'Component',
      field: 'title',
      highlight: true,
      render: row => <Link to={entityRoute(parseEntityRef(row.entityRef))}>{row.title}</Link>,
    },
    { title: 'Owner', field: 'owner' },
    { title: 'System', field: 'system' },
    { title: 'Workloads', field: 'workloadSelector' },
    { title: 'Namespace', field: 'namespace', emptyValue: 'any' },
  ];

  return (
    <Content>
      <ContentHeader title="Coverage" />
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && (
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <Typography variant="body1" data-testid="coverage-summary">
              {value.rows.length} of {value.total} components run on Kubernetes
            </Typography>
          </Grid>
          <Grid item xs={12} md={6}>
            <GroupSummary title="By owner" rows={value.rows} by="owner" />
          </Grid>
          <Grid item xs={12} md={6}>
            <GroupSummary title="By system" rows={value.rows} by="system" />
          </Grid>
          <Grid item xs={12}>
            <Table<CoverageRow>
              title="Components"
              options={{ paging: false, padding: 'dense' }}
              columns={columns}
              data={value.rows}
            />
          </Grid>
        </Grid>
      )}
    </Content>
  );
}
