import {
  Content,
  ContentHeader,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  WarningPanel,
  type TableColumn,
} from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type { EntityCoverage } from '@internal/plugin-observability-common';
import { Chip, Grid, MenuItem, TextField, Typography } from '@material-ui/core';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { observabilityApiRef } from '../../api';
import { CoverageChip } from '../EntityObservabilityContent/CoverageChip';
import { applyFilters, isInstrumented, summarize, type CoverageFilters } from './coverageSummary';
import { CoverageHistoryCard } from './CoverageHistoryCard';
import { ShareBars } from './ShareBars';

function FilterSelect(props: {
  label: string;
  value?: string;
  options: string[];
  onChange(value: string | undefined): void;
}) {
  return (
    <TextField
      select
      size="small"
      variant="outlined"
      label={props.label}
      value={props.value ?? ''}
      onChange={e => props.onChange(e.target.value || undefined)}
      style={{ minWidth: 160, marginRight: 8 }}
      inputProps={{ 'data-testid': `filter-${props.label.toLowerCase()}` }}
    >
      <MenuItem value="">Any</MenuItem>
      {props.options.map(o => (
        <MenuItem key={o} value={o}>
          {o}
        </MenuItem>
      ))}
    </TextField>
  );
}

const distinct = (values: string[]) => [...new Set(values)].sort();

/** Trace coverage of every Component that runs on Kubernetes, by owner and system. */
export function CoveragePage() {
  const api = useApi(observabilityApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const [filters, setFilters] = useState<CoverageFilters>({});
  const { value, loading, error } = useAsync(() => api.getCoverage(), [api]);
  const rows = useMemo(() => applyFilters(value?.entities ?? [], filters), [value, filters]);
  const all = value?.entities ?? [];

  const columns: TableColumn<EntityCoverage>[] = [
    {
      title: 'Component',
      field: 'title',
      highlight: true,
      render: row => <Link to={entityRoute(parseEntityRef(row.entityRef))}>{row.title}</Link>,
    },
    { title: 'Owner', field: 'owner' },
    { title: 'System', field: 'system' },
    {
      title: 'Languages',
      field: 'languages',
      render: row => row.languages.map(l => <Chip key={l} size="small" label={l} style={{ margin: 2 }} />),
    },
    { title: 'Workloads', field: 'workloads', type: 'numeric' },
    { title: 'Coverage', field: 'coverage', render: row => <CoverageChip state={row.coverage} /> },
    { title: 'Clusters', field: 'clusters', render: row => row.clusters.join(', ') || '—' },
  ];

  const instrumented = rows.filter(isInstrumented).length;
  return (
    <Content>
      <ContentHeader title="Coverage" />
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && (
        <Grid container spacing={3}>
          {value.clusterErrors.map(e => (
            <Grid item xs={12} key={e.cluster}>
              <WarningPanel title={`Cluster ${e.cluster} could not be read`} message={e.error} />
            </Grid>
          ))}
          <Grid item xs={12}>
            <Typography variant="h6" data-testid="coverage-summary">
              {instrumented} of {rows.length} components instrumented
              {rows.length ? ` (${Math.round((instrumented / rows.length) * 100)}%)` : ''}
            </Typography>
          </Grid>
          <Grid item xs={12} md={6}>
            <ShareBars title="By owner" groups={summarize(rows, 'owner')} testId="share-by-owner" />
          </Grid>
          <Grid item xs={12} md={6}>
            <ShareBars title="By system" groups={summarize(rows, 'system')} testId="share-by-system" />
          </Grid>
          <Grid item xs={12}>
            <CoverageHistoryCard
              owners={distinct(all.map(r => r.owner))}
              systems={distinct(all.map(r => r.system))}
            />
          </Grid>
          <Grid item xs={12}>
            <FilterSelect label="Owner" value={filters.owner} options={distinct(all.map(r => r.owner))} onChange={owner => setFilters(f => ({ ...f, owner }))} />
            <FilterSelect label="System" value={filters.system} options={distinct(all.map(r => r.system))} onChange={system => setFilters(f => ({ ...f, system }))} />
            <FilterSelect label="Coverage" value={filters.coverage} options={distinct(all.map(r => r.coverage))} onChange={coverage => setFilters(f => ({ ...f, coverage }))} />
            <FilterSelect label="Language" value={filters.language} options={distinct(all.flatMap(r => r.languages))} onChange={language => setFilters(f => ({ ...f, language }))} />
          </Grid>
          <Grid item xs={12}>
            <Table<EntityCoverage>
              title={`Components (${rows.length})`}
              options={{ paging: false, padding: 'dense' }}
              columns={columns}
              data={rows}
            />
          </Grid>
        </Grid>
      )}
    </Content>
  );
}
