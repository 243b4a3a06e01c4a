import { ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { Operation } from '@internal/plugin-observability-common';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@material-ui/core';
import { useState } from 'react';
import { observabilityApiRef } from '../../api';
import { OperationProgress } from './OperationProgress';
import { useOperation } from './useOperation';

/** Remove tracing: returns each workload's pod template to what its owner wrote. */
export function UninstrumentDialog(props: {
  entityRef: string;
  open: boolean;
  onClose(): void;
  onFinished?(operation: Operation): void;
}) {
  const api = useApi(observabilityApiRef);
  const [started, setStarted] = useState<Operation>();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const { operation, error: pollError } = useOperation(started);
  const close = () => {
    // The templates changed even if the rollout is still going, so the tab reloads either way.
    if (operation) props.onFinished?.(operation);
    setStarted(undefined);
    setError(undefined);
    props.onClose();
  };
  return (
    <Dialog open={props.open} onClose={close} maxWidth="sm" fullWidth>
      <DialogTitle>Remove tracing from {props.entityRef}</DialogTitle>
      <DialogContent dividers>
        {!operation && (
          <Typography>
            The agent, its env vars and volumes are removed and the pods restart with the template
            exactly as its owner wrote it.
          </Typography>
        )}
        {error && <ResponseErrorPanel error={error} />}
        {pollError && <ResponseErrorPanel error={pollError} />}
        {operation && <OperationProgress operation={operation} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>{operation ? 'Close' : 'Cancel'}</Button>
        {!operation && (
          <Button
            color="secondary"
            variant="contained"
            disabled={busy}
            data-testid="uninstrument-confirm"
            onClick={async () => {
              setBusy(true);
              setError(undefined);
              try {
                setStarted(await api.uninstrument(props.entityRef));
              } catch (e) {
                setError(e as Error);
              } finally {
                setBusy(false);
              }
            }}
          >
            Remove tracing
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
