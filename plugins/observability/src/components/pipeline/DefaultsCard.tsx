import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { PROPAGATORS, type PipelineDefaults } from '@internal/plugin-observability-common';
import { Button, Checkbox, FormControlLabel, FormGroup, FormLabel, TextField } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { pipelineApiRef } from '../../api/PipelineClient';

/** Sampling ratio and propagators the control plane sets when it instruments workloads. */
export function DefaultsCard(props: { cluster: string }) {
  const api = useApi(pipelineApiRef);
  const loaded = useAsync(() => api.getDefaults(props.cluster), [api, props.cluster]);
  const [draft, setDraft] = useState<PipelineDefaults | undefined>();
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  useEffect(() => setDraft(loaded.value), [loaded.value]);

  const save = async () => {
    if (!draft) return;
    setError(undefined);
    try {
      setDraft(await api.setDefaults(props.cluster, draft));
      setSaved(true);
    } catch (e) {
      setError(e as Error);
    }
  };
  const ratioValid = draft ? draft.samplingRatio >= 0 && draft.samplingRatio <= 1 : false;

  return (
    <InfoCard title={`Defaults on ${props.cluster}`} subheader="Used for every workload the portal instruments">
      {loaded.loading && <Progress />}
      {loaded.error && <ResponseErrorPanel error={loaded.error} />}
      {error && <ResponseErrorPanel error={error} />}
      {draft && (
        <>
          <TextField
            id="defaults-sampling-ratio"
            label="Sampling ratio"
            helperText="0 to 1, parent-based"
            fullWidth
            margin="dense"
            type="number"
            inputProps={{ min: 0, max: 1, step: 0.05 }}
            value={draft.samplingRatio}
            error={!ratioValid}
            onChange={e => {
              setSaved(false);
              setDraft({ ...draft, samplingRatio: Number(e.target.value) });
            }}
          />
          <FormLabel component="legend">Propagators</FormLabel>
          <FormGroup row>
            {PROPAGATORS.map(p => (
              <FormControlLabel
                key={p}
                label={p}
                control={
                  <Checkbox
                    checked={draft.propagators.includes(p)}
                    onChange={e => {
                      setSaved(false);
                      setDraft({
                        ...draft,
                        propagators: e.target.checked ? [...draft.propagators, p] : draft.propagators.filter(x => x !== p),
                      });
                    }}
                  />
                }
              />
            ))}
          </FormGroup>
          <Button variant="outlined" onClick={save} disabled={!ratioValid || draft.propagators.length === 0}>
            Save defaults
          </Button>
          {saved && <Alert severity="success">Saved</Alert>}
        </>
      )}
    </InfoCard>
  );
}
