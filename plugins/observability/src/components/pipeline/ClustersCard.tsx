import { InfoCard, ResponseErrorPanel, StatusError, StatusOK, StatusPending, StatusWarning } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { ClusterPipelineStatus, PipelineComponentStatus, PipelineOperationResult } from '@internal/plugin-observability-common';
import { Box, Button, LinearProgress, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useState } from 'react';
import { pipelineApiRef } from '../../api/PipelineClient';

const LABELS: Record<PipelineComponentStatus['name'], string> = {
  'collector-node': 'Node collector',
  'collector-gateway': 'Gateway',
  'ebpf-agent': 'eBPF agent',
  'node-agent': 'Node agent',
};

function ComponentCell({ c }: { c?: PipelineComponentStatus }) {
  if (!c?.installed) return <StatusPending>not installed</StatusPending>;
  const text = `${c.ready}/${c.desired} ready${c.version ? ` · v${c.version}` : ''}`;
  let status = <StatusOK>{text}</StatusOK>;
  if (c.lastError) status = <StatusError>{text}</StatusError>;
  else if (c.ready < c.desired || c.desired === 0) status = <StatusWarning>{text}</StatusWarning>;
  return (
    <>
      {status}
      {c.image && (
        <Typography variant="caption" display="block" color="textSecondary">
          {c.image}
        </Typography>
      )}
      {c.lastError && (
        <Typography variant="caption" display="block" color="error">
          {c.lastError}
        </Typography>
      )}
    </>
  );
}

function spans(s: ClusterPipelineStatus['spans']): string {
  if (s.error) return s.error;
  if (s.exportedPerSecond !== undefined) {
    return `${s.flowing ? 'flowing' : 'no spans'} · in ${s.receivedPerSecond?.toFixed(1)}/s · out ${s.exportedPerSecond.toFixed(1)}/s`;
  }
  return s.flowing === false ? 'no spans yet' : 'measuring (refresh to sample again)';
}

/** Every cluster with its pipeline components, and install / upgrade / remove. */
export function ClustersCard(props: {
  clusters: ClusterPipelineStatus[];
  onChange: () => void;
}) {
  const api = useApi(pipelineApiRef);
  const [running, setRunning] = useState<{ cluster: string; action: string } | undefined>();
  const [result, setResult] = useState<PipelineOperationResult & { action: string }>();
  const [error, setError] = useState<Error | undefined>();

  const act = async (cluster: string, action: 'install' | 'upgrade' | 'remove') => {
    setRunning({ cluster, action });
    setError(undefined);
    setResult(undefined);
    try {
      const r = action === 'remove' ? await api.uninstall(cluster, {}) : await api.install(cluster, {});
      setResult({ ...r, action });
    } catch (e) {
      setError(e as Error);
    } finally {
      setRunning(undefined);
      props.onChange();
    }
  };

  return (
    <InfoCard title="Telemetry pipeline per cluster" subheader="Node collector, gateway, eBPF agent and node agent, installed with server-side apply">
      {running && (
        <Box mb={2}>
          <Typography variant="body2">
            {running.action === 'remove' ? 'Removing' : 'Applying'} the pipeline on {running.cluster}…
          </Typography>
          <LinearProgress />
        </Box>
      )}
      {error && <ResponseErrorPanel error={error} />}
      {result && (
        <Alert severity="success" data-testid="pipeline-operation-result">
          {result.action} on {result.cluster} done: {result.steps.length} object(s){' '}
          {result.action === 'remove' ? 'deleted' : 'applied'} (version {result.version}).
        </Alert>
      )}
      <Table size="small" aria-label="pipeline clusters">
        <TableHead>
          <TableRow>
            <TableCell>Cluster</TableCell>
            {Object.values(LABELS).map(l => (
              <TableCell key={l}>{l}</TableCell>
            ))}
            <TableCell>Spans</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {props.clusters.map(c => {
            const installed = Boolean(c.installedVersion);
            const busy = Boolean(running);
            return (
              <TableRow key={c.cluster} data-testid={`pipeline-cluster-${c.cluster}`}>
                <TableCell>
                  <strong>{c.cluster}</strong>
                  <Typography variant="caption" display="block" color="textSecondary">
                    {installed ? `installed v${c.installedVersion}` : 'not installed'} · {c.destinations} destination(s)
                  </Typography>
                  {c.error && (
                    <Typography variant="caption" display="block" color="error">
                      {c.error}
                    </Typography>
                  )}
                </TableCell>
                {(Object.keys(LABELS) as PipelineComponentStatus['name'][]).map(name => (
                  <TableCell key={name}>
                    <ComponentCell c={c.components.find(x => x.name === name)} />
                  </TableCell>
                ))}
                <TableCell>{spans(c.spans)}</TableCell>
                <TableCell align="right">
                  {!installed && (
                    <Button color="primary" variant="contained" disabled={busy || !c.reachable} onClick={() => act(c.cluster, 'install')}>
                      Install
                    </Button>
                  )}
                  {installed && (
                    <Button
                      variant="outlined"
                      disabled={busy}
                      onClick={() => act(c.cluster, 'upgrade')}
                    >
                      {c.installedVersion === c.availableVersion ? 'Re-apply' : `Upgrade to v${c.availableVersion}`}
                    </Button>
                  )}
                  {installed && (
                    <Button color="secondary" disabled={busy} onClick={() => act(c.cluster, 'remove')}>
                      Remove
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </InfoCard>
  );
}
