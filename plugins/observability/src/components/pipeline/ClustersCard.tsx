import { InfoCard, ResponseErrorPanel, StatusError, StatusOK, StatusPending, StatusWarning } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  ClusterPipelineStatus,
  CollectorSpanFlow,
  PipelineComponentStatus,
  PipelineOperation,
} from '@internal/plugin-observability-common';
import { Box, Button, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useEffect, useRef, useState } from 'react';
import { pipelineApiRef } from '../../api/PipelineClient';
import { OperationSteps, progressOf } from './OperationSteps';
import { usePipelineOperation } from './usePipelineOperation';

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

const FLOWING: Record<string, string> = { true: 'flowing', false: 'no spans', undefined: 'unknown' };

function rate(value?: number) {
  return value === undefined ? '–' : value.toFixed(1);
}

/** One collector component's flow: summed rates and how many of its pods they cover. */
function collectorLine(label: string, f: CollectorSpanFlow | undefined, passing: 'accepted' | 'exported'): string | undefined {
  if (!f) return undefined;
  const pods = `${f.measuredPods}/${f.pods.length} pod(s) measured`;
  if (f.measuredPods === 0) {
    const unreadable = f.pods.find(p => p.state === 'unreadable');
    if (unreadable) return `${label}: metrics unreadable (${unreadable.error})`;
    return `${label}: ${f.flowing === false ? 'no spans yet' : 'measuring (refresh to sample again)'}`;
  }
  const value = passing === 'accepted' ? f.acceptedPerSecond : f.exportedPerSecond;
  const restarted = f.pods.filter(p => p.restarted).length;
  const state = FLOWING[String(f.flowing)];
  return `${label}: ${state} · ${rate(value)}/s ${passing} · ${pods}${restarted ? ` · ${restarted} restarted` : ''}`;
}

function SpansCell({ s }: { s: ClusterPipelineStatus['spans'] }) {
  const lines = [
    collectorLine('Gateway', s.gateway, 'exported'),
    collectorLine('Nodes', s.nodes, 'accepted'),
  ].filter((l): l is string => Boolean(l));
  return (
    <div data-testid="pipeline-spans">
      {s.error && (
        <Typography variant="body2" color="error">
          {s.error}
        </Typography>
      )}
      {s.exportedPerSecond !== undefined && (
        <Typography variant="body2">
          {s.flowing ? 'flowing' : 'no spans'} · in {rate(s.receivedPerSecond)}/s · out {rate(s.exportedPerSecond)}/s
        </Typography>
      )}
      {lines.map(l => (
        <Typography key={l} variant="caption" display="block" color="textSecondary">
          {l}
        </Typography>
      ))}
    </div>
  );
}

type Action = 'install' | 'upgrade' | 'remove';

/** The running or last operation: each object as a step, and how it ended. */
function OperationPanel(props: { operation: PipelineOperation; action: Action; pollError?: Error }) {
  const { operation, action, pollError } = props;
  const { finished } = progressOf(operation);
  const done = operation.steps.filter(s => s.status === 'done').length;
  const [showSteps, setShowSteps] = useState(false);
  return (
    <Box mb={2}>
      {operation.state === 'running' && (
        <Typography variant="body2">
          {action === 'remove' ? 'Removing' : 'Applying'} the pipeline on {operation.cluster}: {finished} of{' '}
          {operation.steps.length} object(s)…
        </Typography>
      )}
      {operation.state === 'succeeded' && (
        <Alert severity="success" data-testid="pipeline-operation-result">
          {action} on {operation.cluster} done: {done} object(s) {action === 'remove' ? 'deleted' : 'applied'}
          {operation.steps.length > done ? `, ${operation.steps.length - done} skipped` : ''} (version {operation.version}).
        </Alert>
      )}
      {operation.state === 'failed' && (
        <Alert severity="error" data-testid="pipeline-operation-result">
          {action} on {operation.cluster} failed after {done} object(s): {operation.error}
        </Alert>
      )}
      {pollError && (
        <Typography variant="caption" color="error" display="block">
          Could not read the progress ({pollError.message}); trying again.
        </Typography>
      )}
      {operation.state === 'running' || operation.state === 'failed' || showSteps ? (
        <OperationSteps operation={operation} />
      ) : (
        <Button size="small" onClick={() => setShowSteps(true)}>
          Show the {operation.steps.length} steps
        </Button>
      )}
    </Box>
  );
}

/** Every cluster with its pipeline components, and install / upgrade / remove with progress. */
export function ClustersCard(props: {
  clusters: ClusterPipelineStatus[];
  onChange: () => void;
}) {
  const { onChange } = props;
  const api = useApi(pipelineApiRef);
  const [started, setStarted] = useState<{ operation: PipelineOperation; action: Action } | undefined>();
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const followed = usePipelineOperation(started?.operation);
  const operation = followed.operation;
  const running = starting || operation?.state === 'running';

  // Statuses change as objects are applied: refresh them when the operation ends.
  // Once per operation: `onChange` may be a new function on every render.
  const finishedId = operation && operation.state !== 'running' ? operation.id : undefined;
  const refreshedFor = useRef<string>();
  useEffect(() => {
    if (finishedId && refreshedFor.current !== finishedId) {
      refreshedFor.current = finishedId;
      onChange();
    }
  }, [finishedId, onChange]);

  const act = async (cluster: string, action: Action) => {
    setStarting(true);
    setError(undefined);
    try {
      const op = action === 'remove' ? await api.uninstall(cluster, {}) : await api.install(cluster, {});
      setStarted({ operation: op, action });
    } catch (e) {
      setError(e as Error);
    } finally {
      setStarting(false);
    }
  };

  return (
    <InfoCard title="Telemetry pipeline per cluster" subheader="Node collector, gateway, eBPF agent and node agent, installed with server-side apply">
      {error && <ResponseErrorPanel error={error} />}
      {operation && started && <OperationPanel operation={operation} action={started.action} pollError={followed.error} />}
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
            const busy = running;
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
                <TableCell>
                  <SpansCell s={c.spans} />
                </TableCell>
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
