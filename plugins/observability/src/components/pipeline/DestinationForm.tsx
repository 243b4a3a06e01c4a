import type { DestinationDefinition, DestinationField, Signal } from '@internal/plugin-observability-common';
import { Checkbox, FormControlLabel, FormGroup, FormLabel, MenuItem, TextField } from '@material-ui/core';
import type { DestinationFormState } from './formState';

function FieldInput(props: {
  field: DestinationField;
  state: DestinationFormState;
  storedSecret: boolean;
  onChange: (state: DestinationFormState) => void;
}) {
  const { field, state, storedSecret, onChange } = props;
  const id = `destination-field-${field.name}`;
  if (field.secret) {
    return (
      <TextField
        id={id}
        label={field.displayName}
        type="password"
        autoComplete="new-password"
        fullWidth
        margin="dense"
        required={field.required && !storedSecret}
        value={state.secrets[field.name] ?? ''}
        placeholder={storedSecret ? 'stored - leave empty to keep' : ''}
        helperText={storedSecret ? 'A value is stored (write-only)' : field.description}
        InputLabelProps={{ shrink: true }}
        onChange={e => onChange({ ...state, secrets: { ...state.secrets, [field.name]: e.target.value } })}
      />
    );
  }
  const value = state.values[field.name];
  const set = (v: string | boolean) => onChange({ ...state, values: { ...state.values, [field.name]: v } });
  if (field.type === 'boolean') {
    return (
      <FormControlLabel
        control={<Checkbox id={id} checked={value === true} onChange={e => set(e.target.checked)} />}
        label={field.displayName}
      />
    );
  }
  return (
    <TextField
      id={id}
      label={field.displayName}
      select={field.type === 'select'}
      multiline={field.type === 'text'}
      minRows={field.type === 'text' ? 3 : undefined}
      type={field.type === 'number' ? 'number' : 'text'}
      fullWidth
      margin="dense"
      required={field.required}
      value={value === undefined ? '' : String(value)}
      helperText={field.description}
      onChange={e => set(e.target.value)}
    >
      {(field.options ?? []).map(o => (
        <MenuItem key={o.value} value={o.value}>
          {o.label}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** The form generated from a destination definition; secret fields are write-only. */
export function DestinationForm(props: {
  definition: DestinationDefinition;
  state: DestinationFormState;
  editing: boolean;
  storedSecrets: string[];
  onChange: (state: DestinationFormState) => void;
}) {
  const { definition, state, editing, storedSecrets, onChange } = props;
  const toggle = (signal: Signal, on: boolean) =>
    onChange({
      ...state,
      signals: on ? [...state.signals, signal] : state.signals.filter(s => s !== signal),
    });
  return (
    <>
      <TextField
        id="destination-field-name"
        label="Name"
        fullWidth
        margin="dense"
        required
        disabled={editing}
        value={state.name}
        helperText="Lowercase letters, digits and dashes; names the exporter and its Secret"
        onChange={e => onChange({ ...state, name: e.target.value })}
      />
      <FormLabel component="legend">Signals</FormLabel>
      <FormGroup row>
        {definition.signals.map(signal => (
          <FormControlLabel
            key={signal}
            control={
              <Checkbox checked={state.signals.includes(signal)} onChange={e => toggle(signal, e.target.checked)} />
            }
            label={signal}
          />
        ))}
      </FormGroup>
      {definition.fields.map(field => (
        <FieldInput
          key={field.name}
          field={field}
          state={state}
          storedSecret={storedSecrets.includes(field.name)}
          onChange={onChange}
        />
      ))}
    </>
  );
}
