import { CodeSnippet, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { observabilityApiRef } from '../../api';

/** The plan as patches to commit, for teams whose workloads are owned by GitOps. */
export function GitOpsExportDialog(props: { entityRef: string; open: boolean; onClose(): void }) {
  const api = useApi(observabilityApiRef);
  const result = useAsync(
    () => (props.open ? api.exportGitOps(props.entityRef) : Promise.resolve(undefined)),
    [api, props.entityRef, props.open],
  );
  return (
    <Dialog open={props.open} onClose={props.onClose} maxWidth="md" fullWidth>
      <DialogTitle>Export for GitOps</DialogTitle>
      <DialogContent dividers>
        {result.loading && <Progress />}
        {result.error && <ResponseErrorPanel error={result.error} />}
        {result.value && (
          <>
            <Typography variant="body2" paragraph>
              {result.value.instructions}
            </Typography>
            {result.value.yaml ? (
              <CodeSnippet language="yaml" text={result.value.yaml} showCopyCodeButton />
            ) : (
              <Typography>Nothing to instrument.</Typography>
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
