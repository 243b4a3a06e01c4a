import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { TraceSearchResult } from '@internal/plugin-observability-common';
import { Box, CircularProgress, Typography } from '@material-ui/core';
import { useEffect, useState } from 'react';
import { tracesApiRef } from '../../api/TracesApi';

/** How long the dialog keeps looking for the first span after a rollout. */
const WAIT_MS = 180_000;
const POLL_MS = 5_000;

/**
 * The end of onboarding: the service's first span in Tempo since the change, linked to the
 * trace view. Pods that run no code (or whose traffic is idle) never send one, so after a
 * while it says so instead of spinning forever.
 */
export function FirstSpan(props: { service: string; entityRef: string; since: string }) {
  const traces = useApi(tracesApiRef);
  const [found, setFound] = useState<TraceSearchResult>();
  const [gaveUp, setGaveUp] = useState(false);
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const started = Date.now();
    const start = Math.floor(new Date(props.since).getTime() / 1000);
    const look = async () => {
      try {
        const result = await traces.search(
          { service: props.service, start, end: Math.ceil(Date.now() / 1000), limit: 1 },
          { entityRef: props.entityRef },
        );
        if (cancelled) return;
        if (result.traces[0]) {
          setFound(result.traces[0]);
          return;
        }
        setProblem(undefined);
      } catch (e) {
        if (!cancelled) setProblem((e as Error).message);
      }
      if (Date.now() - started >= WAIT_MS) setGaveUp(true);
      else timer = setTimeout(look, POLL_MS);
    };
    timer = setTimeout(look, 0);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [traces, props.service, props.entityRef, props.since]);

  if (found) {
    return (
      <Typography data-testid="first-span">
        First trace received: {found.rootServiceName} {found.rootOperation} ({found.spanCount} spans) —{' '}
        <Link to={`/observability/traces?trace=${found.traceId}`}>open it</Link>
      </Typography>
    );
  }
  return (
    <Box display="flex" alignItems="center" style={{ gap: 8 }} data-testid="first-span-waiting">
      {!gaveUp && <CircularProgress size={16} />}
      <Typography variant="body2" color="textSecondary">
        {gaveUp
          ? `No span from ${props.service} yet. Spans appear once the service handles a request; check the collector's status on the settings page if traffic is flowing.`
          : `Waiting for the first span from ${props.service}…`}
        {problem ? ` (Tempo: ${problem})` : ''}
      </Typography>
    </Box>
  );
}
