import { useApi } from '@backstage/core-plugin-api';
import type {
  ConnectionTestResult,
  DestinationDefinition,
  DestinationSummary,
} from '@internal/plugin-observability-common';
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Link,
  MenuItem,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useState } from 'react';
import { pipelineApiRef } from '../../api/PipelineClient';
import { DestinationForm } from './DestinationForm';
import { formProblems, initialFormState, toDestinationInput, type DestinationFormState } from './formState';

/** Add or edit a destination: pick a kind, fill the generated form, test, save. */
export function DestinationDialog(props: {
  cluster: string;
  definitions: DestinationDefinition[];
  existing?: DestinationSummary;
  onClose: (saved: boolean) => void;
}) {
  const { cluster, definitions, existing, onClose } = props;
  const api = useApi(pipelineApiRef);
  const [type, setType] = useState(existing?.type ?? definitions[0]?.type ?? '');
  const definition = definitions.find(d => d.type === type);
  const [state, setState] = useState<DestinationFormState | undefined>(
    definition ? initialFormState(definition, existing) : undefined,
  );
  const [busy, setBusy] = useState<'test' | 'save' | undefined>();
  const [test, setTest] = useState<ConnectionTestResult | undefined>();
  const [error, setError] = useState<string | undefined>();
  const stored = existing && existing.type === type ? existing.secretsSet : [];

  const chooseType = (next: string) => {
    const def = definitions.find(d => d.type === next);
    setType(next);
    setTest(undefined);
    if (def) setState({ ...initialFormState(def), name: state?.name ?? '' });
  };

  const run = async (what: 'test' | 'save') => {
    if (!definition || !state) return;
    setBusy(what);
    setError(undefined);
    const input = toDestinationInput(definition, state);
    try {
      if (what === 'test') {
        setTest(await api.testDestination(cluster, { ...input, existing: Boolean(existing) }));
      } else if (existing) {
        const { name: _, ...update } = input;
        await api.updateDestination(cluster, existing.name, update);
        onClose(true);
      } else {
        await api.createDestination(cluster, input);
        onClose(true);
      }
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(undefined);
    }
  };

  const problems = definition && state ? formProblems(definition, state, stored) : ['Choose a destination'];
  return (
    <Dialog open onClose={() => onClose(false)} maxWidth="sm" fullWidth>
      <DialogTitle>{existing ? `Edit destination ${existing.name}` : 'Add destination'}</DialogTitle>
      <DialogContent>
        <TextField
          id="destination-type"
          select
          label="Destination"
          fullWidth
          margin="dense"
          value={type}
          onChange={e => chooseType(e.target.value)}
        >
          {definitions.map(d => (
            <MenuItem key={d.type} value={d.type}>
              {d.displayName}
            </MenuItem>
          ))}
        </TextField>
        {definition && (
          <Typography variant="caption" component="p">
            Exports with <code>{definition.exporter}</code>.{' '}
            <Link href={definition.docsUrl} target="_blank" rel="noopener">
              Vendor documentation
            </Link>
          </Typography>
        )}
        {definition && state && (
          <DestinationForm
            definition={definition}
            state={state}
            editing={Boolean(existing)}
            storedSecrets={stored}
            onChange={next => {
              setState(next);
              setTest(undefined);
            }}
          />
        )}
      </DialogContent>
      <Box px={3} pt={1}>
        {test && (
          <Alert severity={test.ok ? 'success' : 'error'} data-testid="destination-test-result">
            <strong>{test.ok ? 'Connection works' : `Failed at ${test.stage}`}</strong> ({test.durationMs} ms):{' '}
            {test.message}
          </Alert>
        )}
        {error && <Alert severity="error">{error}</Alert>}
        {problems.length > 0 && (
          <Typography variant="caption" color="textSecondary" component="p">
            {problems.join(' · ')}
          </Typography>
        )}
      </Box>
      <DialogActions>
        <Button onClick={() => onClose(false)}>Cancel</Button>
        <Button onClick={() => run('test')} disabled={Boolean(busy) || problems.length > 0}>
          {busy === 'test' ? 'Testing…' : 'Test connection'}
        </Button>
        <Button color="primary" variant="contained" onClick={() => run('save')} disabled={Boolean(busy) || problems.length > 0}>
          {busy === 'save' ? 'Saving…' : 'Save'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
