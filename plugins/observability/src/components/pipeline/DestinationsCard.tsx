import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { ConnectionTestResult, DestinationSummary } from '@internal/plugin-observability-common';
import { Button, Chip, IconButton, Table, TableBody, TableCell, TableHead, TableRow, Tooltip } from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import EditIcon from '@material-ui/icons/Edit';
import { Fragment, useState } from 'react';
import { Alert } from '@material-ui/lab';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { pipelineApiRef } from '../../api/PipelineClient';
import { DestinationDialog } from './DestinationDialog';

type TestState = { running: boolean; result?: ConnectionTestResult; error?: string };

/** What a connection test of a stored destination found: where it stopped and what answered. */
function TestOutcome({ name, state }: { name: string; state: TestState }) {
  if (state.error) {
    return (
      <Alert severity="error" data-testid={`destination-test-result-${name}`}>
        The test of {name} could not run: {state.error}
      </Alert>
    );
  }
  const r = state.result!;
  return (
    <Alert severity={r.ok ? 'success' : 'error'} data-testid={`destination-test-result-${name}`}>
      <strong>{r.ok ? 'Connection works' : `Failed at ${r.stage}`}</strong> ({r.durationMs} ms): {r.message}
    </Alert>
  );
}

/** Destinations of one cluster: add, edit (secrets write-only), test and delete. */
export function DestinationsCard(props: { cluster: string; onChange?: () => void }) {
  const { cluster, onChange } = props;
  const api = useApi(pipelineApiRef);
  const [dialog, setDialog] = useState<{ existing?: DestinationSummary } | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const data = useAsyncRetry(async () => {
    const [definitions, destinations] = await Promise.all([
      api.listDestinationTypes(),
      api.listDestinations(cluster),
    ]);
    return { definitions, destinations };
  }, [api, cluster]);

  const [tests, setTests] = useState<Record<string, TestState>>({});
  const test = async (d: DestinationSummary) => {
    setTests(t => ({ ...t, [d.name]: { running: true } }));
    try {
      // The stored destination as it is: its secrets are taken from its Secret on the server.
      const result = await api.testDestination(cluster, {
        name: d.name,
        type: d.type,
        signals: d.signals,
        values: d.values,
        secrets: {},
        existing: true,
      });
      setTests(t => ({ ...t, [d.name]: { running: false, result } }));
    } catch (e) {
      setTests(t => ({ ...t, [d.name]: { running: false, error: (e as Error).message } }));
    }
  };

  const remove = async (name: string) => {
    try {
      await api.deleteDestination(cluster, name);
      data.retry();
      onChange?.();
    } catch (e) {
      setError(e as Error);
    }
  };

  const byType = new Map(data.value?.definitions.map(d => [d.type, d.displayName]));
  return (
    <InfoCard
      title={`Destinations on ${cluster}`}
      subheader="Where the gateway exports telemetry. Secret fields are stored in Kubernetes Secrets and never shown again."
      action={
        <Button variant="outlined" color="primary" onClick={() => setDialog({})} disabled={!data.value}>
          Add destination
        </Button>
      }
    >
      {data.loading && !data.value && <Progress />}
      {data.error && <ResponseErrorPanel error={data.error} />}
      {error && <ResponseErrorPanel error={error} />}
      {data.value && (
        <Table size="small" aria-label="destinations">
          <TableHead>
            <TableRow>
              <TableCell>Name</TableCell>
              <TableCell>Destination</TableCell>
              <TableCell>Signals</TableCell>
              <TableCell>Secrets</TableCell>
              <TableCell>Updated</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {data.value.destinations.length === 0 && (
              <TableRow>
                <TableCell colSpan={6}>No destinations yet: spans are received but not exported.</TableCell>
              </TableRow>
            )}
            {data.value.destinations.map(d => {
              const t = tests[d.name];
              return (
                <Fragment key={d.name}>
                  <TableRow data-testid={`destination-row-${d.name}`}>
                    <TableCell>{d.name}</TableCell>
                    <TableCell>{byType.get(d.type) ?? d.type}</TableCell>
                    <TableCell>
                      {d.signals.map(s => (
                        <Chip key={s} size="small" label={s} />
                      ))}
                    </TableCell>
                    <TableCell>{d.secretsSet.length ? d.secretsSet.map(s => `${s} ••••`).join(', ') : '—'}</TableCell>
                    <TableCell>{new Date(d.updatedAt).toLocaleString()}</TableCell>
                    <TableCell align="right" style={{ whiteSpace: 'nowrap' }}>
                      <Button
                        size="small"
                        aria-label={`Test ${d.name}`}
                        disabled={t?.running}
                        onClick={() => test(d)}
                      >
                        {t?.running ? 'Testing…' : 'Test'}
                      </Button>
                      <Tooltip title="Edit">
                        <IconButton aria-label={`Edit ${d.name}`} onClick={() => setDialog({ existing: d })}>
                          <EditIcon />
                        </IconButton>
                      </Tooltip>
                      <Tooltip title="Delete">
                        <IconButton aria-label={`Delete ${d.name}`} onClick={() => remove(d.name)}>
                          <DeleteIcon />
                        </IconButton>
                      </Tooltip>
                    </TableCell>
                  </TableRow>
                  {t && !t.running && (
                    <TableRow>
                      <TableCell colSpan={6}>
                        <TestOutcome name={d.name} state={t} />
                      </TableCell>
                    </TableRow>
                  )}
                </Fragment>
              );
            })}
          </TableBody>
        </Table>
      )}
      {dialog && data.value && (
        <DestinationDialog
          cluster={cluster}
          definitions={data.value.definitions}
          existing={dialog.existing}
          onClose={saved => {
            setDialog(undefined);
            if (saved) {
              data.retry();
              onChange?.();
            }
          }}
        />
      )}
    </InfoCard>
  );
}
