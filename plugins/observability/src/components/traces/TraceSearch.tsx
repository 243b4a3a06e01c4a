import { ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { TraceSearchResponse } from '@internal/plugin-observability-common';
import {
  Button,
  Grid,
  LinearProgress,
  makeStyles,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useState, type FormEvent } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { tracesApiRef } from '../../api/TracesApi';
import { formatDuration, formatTimestamp } from './format';
import {
  emptySearchForm,
  timeRanges,
  toSearchQuery,
  type SearchFormState,
} from './searchForm';

const useStyles = makeStyles(theme => ({
  form: { marginBottom: theme.spacing(2) },
  row: { cursor: 'pointer' },
  mono: { fontFamily: 'monospace', fontSize: 12 },
}));

export interface TraceSearchProps {
  /** The entity's service.name: the search is scoped to it and the service field is hidden. */
  service?: string;
  entityRef?: string;
  onOpenTrace(traceId: string): void;
}

/** Trace search by service, operation, duration, status, attributes, free TraceQL and time range. */
export function TraceSearch(props: TraceSearchProps) {
  const classes = useStyles();
  const api = useApi(tracesApiRef);
  const [form, setForm] = useState<SearchFormState>(emptySearchForm);
  const [result, setResult] = useState<TraceSearchResponse>();
  const [error, setError] = useState<Error>();
  const [formProblem, setFormProblem] = useState<string>();
  const [loading, setLoading] = useState(false);
  // Suggestions only: when Tempo cannot list them, the fields still take free text.
  const suggestions = useAsync(async () => {
    const [names, operations] = await Promise.allSettled([
      api.getTagNames(),
      api.getTagValues('name'),
    ]);
    return {
      attributes:
        names.status === 'fulfilled'
          ? names.value.filter(n => n.includes('.'))
          : [],
      operations:
        operations.status === 'fulfilled' ? operations.value.slice(0, 500) : [],
    };
  }, [api]).value;

  const field = (key: keyof SearchFormState) => ({
    id: `trace-search-${key}`,
    value: form[key],
    onChange: (event: { target: { value: unknown } }) =>
      setForm(previous => ({ ...previous, [key]: event.target.value })),
  });

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    setFormProblem(undefined);
    let query;
    try {
      query = toSearchQuery(form, Date.now(), props.service);
    } catch (problem) {
      setFormProblem((problem as Error).message);
      return;
    }
    setLoading(true);
    setError(undefined);
    try {
      setResult(await api.search(query, { entityRef: props.entityRef }));
    } catch (failure) {
      setError(failure as Error);
      setResult(undefined);
    } finally {
      setLoading(false);
    }
  };

  return (
    <div>
      <form
        className={classes.form}
        onSubmit={submit}
        aria-label="Trace search"
      >
        <Grid container spacing={1} alignItems="flex-start">
          {!props.service && (
            <Grid item xs={12} sm={4} md={2}>
              <TextField
                fullWidth
                size="small"
                label="Service"
                {...field('service')}
              />
            </Grid>
          )}
          <Grid item xs={12} sm={4} md={2}>
            <TextField
              fullWidth
              size="small"
              label="Operation"
              inputProps={{ list: 'trace-search-operations' }}
              {...field('operation')}
            />
          </Grid>
          <Grid item xs={6} sm={2} md={1}>
            <TextField
              fullWidth
              size="small"
              label="Min duration"
              placeholder="100ms"
              {...field('minDuration')}
            />
          </Grid>
          <Grid item xs={6} sm={2} md={1}>
            <TextField
              fullWidth
              size="small"
              label="Max duration"
              placeholder="5s"
              {...field('maxDuration')}
            />
          </Grid>
          <Grid item xs={6} sm={3} md={1}>
            <TextField
              fullWidth
              size="small"
              select
              label="Status"
              {...field('status')}
            >
              <MenuItem value="any">any</MenuItem>
              <MenuItem value="error">error</MenuItem>
              <MenuItem value="ok">ok</MenuItem>
              <MenuItem value="unset">unset</MenuItem>
            </TextField>
          </Grid>
          <Grid item xs={6} sm={3} md={2}>
            <TextField
              fullWidth
              size="small"
              select
              label="Time range"
              id="trace-search-range"
              value={form.rangeMinutes}
              onChange={event =>
                setForm(previous => ({
                  ...previous,
                  rangeMinutes: Number(event.target.value),
                }))
              }
            >
              {timeRanges.map(range => (
                <MenuItem key={range.minutes} value={range.minutes}>
                  {range.label}
                </MenuItem>
              ))}
            </TextField>
          </Grid>
          <Grid item xs={12} md={3}>
            <TextField
              fullWidth
              size="small"
              label="Attributes"
              placeholder="http.route=/cart; http.status_code>499"
              inputProps={{ list: 'trace-search-attributes' }}
              {...field('attributes')}
            />
          </Grid>
          <Grid item xs={12} md={10}>
            <TextField
              fullWidth
              size="small"
              label="TraceQL"
              placeholder='{ span.db.system = "postgresql" && duration > 50ms }'
              {...field('traceql')}
            />
          </Grid>
          <Grid item xs={12} md={2}>
            <Button
              type="submit"
              variant="contained"
              color="primary"
              disabled={loading}
              fullWidth
            >
              Search
            </Button>
          </Grid>
        </Grid>
        <datalist id="trace-search-operations">
          {suggestions?.operations.map(name => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <datalist id="trace-search-attributes">
          {suggestions?.attributes.map(name => (
            <option key={name} value={`${name}=`} />
          ))}
        </datalist>
      </form>
      {loading && <LinearProgress />}
      {formProblem && <Alert severity="warning">{formProblem}</Alert>}
      {error && (
        <ResponseErrorPanel error={error} title="Trace search failed" />
      )}
      {result && (
        <>
          <Typography
            variant="caption"
            color="textSecondary"
            className={classes.mono}
          >
            {result.query}
          </Typography>
          {result.errors?.map(e => (
            <Alert severity="warning" key={e.instance}>
              Tempo {e.instance} could not be searched ({e.message}); these results come from
              the other instances.
            </Alert>
          ))}
          {result.traces.length === 0 ? (
            <Alert severity="info">No traces match in this time range.</Alert>
          ) : (
            <Table size="small" aria-label="Traces found">
              <TableHead>
                <TableRow>
                  <TableCell>Root service</TableCell>
                  <TableCell>Operation</TableCell>
                  <TableCell>Start</TableCell>
                  <TableCell align="right">Duration</TableCell>
                  <TableCell align="right">Spans</TableCell>
                  <TableCell align="right">Errors</TableCell>
                  <TableCell>Trace id</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {result.traces.map(trace => (
                  <TableRow
                    key={trace.traceId}
                    hover
                    className={classes.row}
                    onClick={() => props.onOpenTrace(trace.traceId)}
                  >
                    <TableCell>{trace.rootServiceName}</TableCell>
                    <TableCell>{trace.rootOperation}</TableCell>
                    <TableCell>{formatTimestamp(trace.startUs)}</TableCell>
                    <TableCell align="right">
                      {formatDuration(trace.durationMs * 1000)}
                    </TableCell>
                    <TableCell align="right">{trace.spanCount}</TableCell>
                    <TableCell
                      align="right"
                      style={trace.errorCount ? { color: 'red' } : undefined}
                    >
                      {trace.errorCount}
                    </TableCell>
                    <TableCell className={classes.mono}>
                      <a
                        href={`?trace=${trace.traceId}`}
                        onClick={event => {
                          event.preventDefault();
                          props.onOpenTrace(trace.traceId);
                        }}
                      >
                        {trace.traceId}
                      </a>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </>
      )}
    </div>
  );
}
