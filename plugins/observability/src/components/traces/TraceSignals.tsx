import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Box, Chip, Tooltip, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import useAsync from 'react-use/esm/useAsync';
import { tracesApiRef } from '../../api/TracesApi';

/** The coverage signals of a service: is it emitting, how much, how healthy its propagation is. */
export function TraceSignals(props: {
  service: string;
  entityRef?: string;
  windowMinutes?: number;
}) {
  const api = useApi(tracesApiRef);
  const windowMinutes = props.windowMinutes ?? 15;
  const { value, loading, error } = useAsync(
    () =>
      api.getCoverageSignals(props.service, {
        entityRef: props.entityRef,
        windowMinutes,
      }),
    [api, props.service, props.entityRef, windowMinutes],
  );
  if (loading) return <Progress />;
  if (error)
    return (
      <ResponseErrorPanel
        error={error}
        title="Trace signals could not be read"
      />
    );
  if (!value) return null;
  const { orphanSpans, sampledSpans, sampledTraces } = value.brokenPropagation;
  const estimated =
    value.source === 'search-sample' ? ' (estimated from recent traces)' : '';
  return (
    <div data-testid="trace-signals">
      {value.notice && <Alert severity="info">{value.notice}</Alert>}
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        style={{ gap: 8 }}
        my={1}
      >
        <Chip
          label={
            value.lastSpanSeen
              ? `last span ${new Date(value.lastSpanSeen).toLocaleString()}`
              : `no spans in ${windowMinutes} min`
          }
          color={value.lastSpanSeen ? 'primary' : 'default'}
        />
        <Chip
          label={`${value.spansPerMinute.toFixed(1)} spans/min${estimated}`}
        />
        <Chip
          label={`${(value.errorRatio * 100).toFixed(1)}% errors`}
          color={value.errorRatio > 0.05 ? 'secondary' : 'default'}
        />
        <Chip label={`${value.distinctOperations} operations`} />
        <Tooltip
          title={`Spans of ${props.service} whose parent never reached Tempo, in the ${sampledTraces} most recent traces (${sampledSpans} spans)`}
        >
          <Chip
            label={`${orphanSpans} broken propagation`}
            color={orphanSpans > 0 ? 'secondary' : 'default'}
            variant="outlined"
          />
        </Tooltip>
      </Box>
      <Typography variant="caption" color="textSecondary">
        Last {windowMinutes} minutes, from{' '}
        {value.source === 'span-metrics'
          ? 'span metrics in Prometheus'
          : 'a sample of recent traces'}
        .
      </Typography>
    </div>
  );
}
