import { InfoCard, WarningPanel } from '@backstage/core-components';
import type {
  ClusterWorkloads,
  Workload,
} from '@internal/plugin-observability-common';
import {
  Box,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { CoverageChip } from './CoverageChip';
import { LanguageChip } from './LanguageChip';

function WorkloadRows(props: { workload: Workload }) {
  const { workload } = props;
  return (
    <>
      {workload.containers.map((container, index) => (
        <TableRow key={`${workload.kind}/${workload.name}/${container.name}`}>
          {index === 0 && (
            <>
              <TableCell rowSpan={workload.containers.length}>
                <Typography variant="body2">
                  <strong>{workload.name}</strong>
                </Typography>
                <Typography variant="caption" color="textSecondary">
                  {workload.kind} · {workload.namespace}
                </Typography>
              </TableCell>
              <TableCell rowSpan={workload.containers.length}>
                {workload.kind === 'CronJob'
                  ? 'next run'
                  : `${workload.replicas.ready}/${workload.replicas.desired} ready`}
              </TableCell>
              <TableCell rowSpan={workload.containers.length}>
                <CoverageChip state={workload.coverage} />
              </TableCell>
            </>
          )}
          <TableCell>
            <Typography variant="body2">{container.name}</Typography>
            <Typography variant="caption" color="textSecondary">
              {container.image}
            </Typography>
          </TableCell>
          <TableCell>
            <LanguageChip detection={container.detection} />
            {container.detection.otherAgents.map(agent => (
              <Typography key={agent.vendor} variant="caption" color="error" display="block">
                {agent.name} already present
              </Typography>
            ))}
          </TableCell>
          <TableCell>{container.instrumentedWith ?? '—'}</TableCell>
        </TableRow>
      ))}
    </>
  );
}

/** The entity's workloads in one cluster; an unreachable cluster says why. */
function ClusterSection(props: { cluster: ClusterWorkloads }) {
  const { cluster } = props;
  return (
    <Box mb={3} data-testid={`cluster-${cluster.cluster}`}>
      <Typography variant="h6">Cluster {cluster.cluster}</Typography>
      {cluster.error && (
        <WarningPanel title={`Could not read cluster ${cluster.cluster}`} message={cluster.error} />
      )}
      {!cluster.error && cluster.workloads.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No workloads with this entity's labels in this cluster.
        </Typography>
      )}
      {cluster.workloads.length > 0 && (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>Workload</TableCell>
              <TableCell>Pods</TableCell>
              <TableCell>Coverage</TableCell>
              <TableCell>Container</TableCell>
              <TableCell>Language</TableCell>
              <TableCell>Agent</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {cluster.workloads.map(w => (
              <WorkloadRows key={`${w.kind}/${w.namespace}/${w.name}`} workload={w} />
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}

/** Workloads per cluster, with containers, languages and coverage. */
export function WorkloadsCard(props: { clusters: ClusterWorkloads[] }) {
  return (
    <InfoCard title="Workloads">
      {props.clusters.length === 0 ? (
        <Typography variant="body2">
          No clusters are configured. Add them under kubernetes.clusterLocatorMethods in
          app-config.yaml.
        </Typography>
      ) : (
        props.clusters.map(c => <ClusterSection key={c.cluster} cluster={c} />)
      )}
    </InfoCard>
  );
}
