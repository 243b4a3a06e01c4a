import {
  StatusError,
  StatusOK,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import type { EndpointHealth } from '@internal/plugin-observability-common';

export interface HealthRow extends EndpointHealth {
  kind: 'Cluster' | 'Tempo' | 'Prometheus';
}

const columns: TableColumn<HealthRow>[] = [
  { title: 'Kind', field: 'kind', width: '10%' },
  { title: 'Name', field: 'name', width: '15%' },
  { title: 'URL', field: 'url' },
  {
    title: 'Status',
    field: 'reachable',
    render: row =>
      row.reachable ? (
        <StatusOK>reachable</StatusOK>
      ) : (
        <StatusError>unreachable</StatusError>
      ),
  },
  {
    title: 'Latency',
    field: 'latencyMs',
    render: row => (row.latencyMs === undefined ? '—' : `${row.latencyMs} ms`),
  },
  { title: 'Version', field: 'version', emptyValue: '—' },
  { title: 'Error', field: 'error', emptyValue: '—' },
];

/** Reachability of every configured cluster, Tempo and Prometheus. */
export function HealthTable(props: { rows: HealthRow[]; title?: string }) {
  return (
    <Table<HealthRow>
      title={props.title ?? 'Connections'}
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={props.rows}
      emptyContent={
        <div style={{ padding: 16 }}>
          Nothing is configured yet. Add clusters under <code>kubernetes.clusterLocatorMethods</code>{' '}
          and Tempo and Prometheus under <code>observability</code> in app-config.yaml.
        </div>
      }
    />
  );
}
