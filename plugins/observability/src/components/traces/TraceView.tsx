import type { Trace } from '@internal/plugin-observability-common';
import {
  Box,
  Button,
  Chip,
  FormControlLabel,
  makeStyles,
  Switch,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  useCallback,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { formatDuration, formatTimestamp } from './format';
import { Minimap, type MinimapHandle } from './Minimap';
import { clockSkewLayout } from './model/clockSkew';
import {
  criticalPath,
  NO_CRITICAL_PATH,
  type CriticalPath,
} from './model/criticalPath';
import { serviceColor } from './model/serviceColors';
import { searchSpans } from './model/spanSearch';
import { buildTraceTree, visibleRows } from './model/traceTree';
import { SpanDetails } from './SpanDetails';
import { Waterfall } from './Waterfall';

const useStyles = makeStyles(theme => ({
  header: { marginBottom: theme.spacing(1) },
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
  body: { display: 'flex', gap: theme.spacing(1), alignItems: 'flex-start' },
  main: { flexGrow: 1, minWidth: 0 },
  details: {
    width: 380,
    flexShrink: 0,
    border: `1px solid ${theme.palette.divider}`,
    maxHeight: 720,
    overflow: 'auto',
  },
  mono: { fontFamily: 'monospace' },
}));

export interface TraceViewProps {
  trace: Trace;
  /** "Open in Grafana Explore", when the backend knows a Grafana. */
  grafanaExploreUrl?: string;
  /** Link to a trace (and span) that others can open. */
  shareUrl?(traceId: string, spanId?: string): string;
  /** Span to select first (from a shared link). */
  initialSpanId?: string;
  /** Height of the waterfall in pixels. */
  height?: number;
}

function copy(text: string) {
  // Clipboard access can be refused (insecure origin, permissions); the link stays visible anyway.
  navigator.clipboard?.writeText(text).catch(() => undefined);
}

/**
 * One trace: header, minimap, virtualised waterfall with a collapsible tree, search and
 * highlight, critical path, clock-skew tolerant layout and span details.
 */
export function TraceView(props: TraceViewProps) {
  const classes = useStyles();
  const { trace } = props;
  const tree = useMemo(() => buildTraceTree(trace), [trace]);
  const layout = useMemo(() => clockSkewLayout(tree), [tree]);
  // The critical path of a large trace takes tens of milliseconds: computed after first paint.
  const [critical, setCritical] = useState<CriticalPath>(NO_CRITICAL_PATH);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(
        () => setCritical(criticalPath(tree, layout.startUs)),
        0,
      );
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [tree, layout]);

  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(
    () => new Set(),
  );
  const rows = useMemo(() => visibleRows(tree, collapsed), [tree, collapsed]);
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const hits = useMemo(
    () => searchSpans(tree.spans, deferredQuery),
    [tree, deferredQuery],
  );
  const hitCount = useMemo(() => hits.reduce((sum, h) => sum + h, 0), [hits]);
  const [showCriticalPath, setShowCriticalPath] = useState(true);
  const [selected, setSelected] = useState<number | undefined>(() => {
    const index = props.initialSpanId
      ? trace.spans.findIndex(s => s.spanId === props.initialSpanId)
      : -1;
    return index >= 0 ? index : undefined;
  });
  const minimap = useRef<MinimapHandle>(null);
  const [scrollToRow, setScrollToRow] = useState<{ row: number } | undefined>(
    () =>
      selected !== undefined ? { row: tree.position[selected] } : undefined,
  );

  const onToggle = useCallback((span: number) => {
    setCollapsed(previous => {
      const next = new Set(previous);
      if (next.has(span)) next.delete(span);
      else next.add(span);
      return next;
    });
  }, []);
  const onRangeChange = useCallback(
    (first: number, last: number) => minimap.current?.showRange(first, last),
    [],
  );
  const onJump = useCallback((row: number) => setScrollToRow({ row }), []);

  const jumpToHit = (direction: 1 | -1) => {
    if (hitCount === 0) return;
    const here = selected !== undefined ? rows.indexOf(selected) : -1;
    for (let step = 1; step <= rows.length; step++) {
      const row =
        (((here + direction * step) % rows.length) + rows.length) % rows.length;
      if (hits[rows[row]]) {
        setSelected(rows[row]);
        setScrollToRow({ row });
        return;
      }
    }
  };

  const root = tree.roots.length > 0 ? tree.spans[tree.roots[0]] : undefined;
  const selectedSpan =
    selected !== undefined ? tree.spans[selected] : undefined;

  if (tree.spans.length === 0) {
    return (
      <Alert severity="warning">
        Trace {trace.traceId} has no spans
        {trace.partial ? ' (Tempo returned only part of it)' : ''}.
      </Alert>
    );
  }

  return (
    <div>
      <div className={classes.header}>
        <Typography variant="h5">
          {root?.serviceName}: {root?.name}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          <span className={classes.mono}>{trace.traceId}</span> ·{' '}
          {formatTimestamp(tree.startUs)} ·{' '}
          {formatDuration(tree.endUs - tree.startUs)} ·{' '}
          {tree.spans.length.toLocaleString()} spans · {tree.services.length}{' '}
          services · depth{' '}
          {tree.depth.reduce((max, d) => Math.max(max, d), 0) + 1}
        </Typography>
        <Box display="flex" flexWrap="wrap" style={{ gap: 4 }} mt={1}>
          {tree.services.map(service => (
            <Chip
              key={service}
              size="small"
              label={service}
              style={{ background: serviceColor(service), color: '#fff' }}
            />
          ))}
        </Box>
      </div>
      {trace.warnings.map(warning => (
        <Alert
          key={warning}
          severity={
            trace.partial && warning.includes('part of') ? 'error' : 'warning'
          }
        >
          {warning}
        </Alert>
      ))}
      {layout.adjusted > 0 && (
        <Alert severity="info">
          {layout.adjusted} span(s) were moved inside their callers because
          their service’s clock disagrees; select one for the shift.
        </Alert>
      )}
      <div className={classes.toolbar}>
        <TextField
          size="small"
          variant="outlined"
          label="Find in trace"
          placeholder="name, service, attribute=value, span id"
          value={query}
          onChange={event => setQuery(event.target.value)}
          onKeyDown={event => {
            if (event.key === 'Enter') jumpToHit(event.shiftKey ? -1 : 1);
          }}
          inputProps={{ 'aria-label': 'Find in trace' }}
        />
        {query.trim() && (
          <Typography variant="body2" aria-live="polite">
            {hitCount.toLocaleString()} match{hitCount === 1 ? '' : 'es'}
          </Typography>
        )}
        <Button
          size="small"
          disabled={hitCount === 0}
          onClick={() => jumpToHit(-1)}
        >
          Previous
        </Button>
        <Button
          size="small"
          disabled={hitCount === 0}
          onClick={() => jumpToHit(1)}
        >
          Next
        </Button>
        <FormControlLabel
          control={
            <Switch
              size="small"
              checked={showCriticalPath}
              onChange={event => setShowCriticalPath(event.target.checked)}
            />
          }
          label="Critical path"
        />
        <Button size="small" onClick={() => setCollapsed(new Set())}>
          Expand all
        </Button>
        <Button
          size="small"
          onClick={() =>
            setCollapsed(
              new Set(
                tree.roots.flatMap(r =>
                  Array.from(
                    tree.childList.subarray(
                      tree.childStart[r],
                      tree.childStart[r + 1],
                    ),
                  ),
                ),
              ),
            )
          }
        >
          Collapse below top level
        </Button>
        <Button size="small" onClick={() => copy(trace.traceId)}>
          Copy trace id
        </Button>
        {props.shareUrl && (
          <Button
            size="small"
            onClick={() =>
              copy(props.shareUrl!(trace.traceId, selectedSpan?.spanId))
            }
          >
            Copy link
          </Button>
        )}
        {props.grafanaExploreUrl && (
          <Button
            size="small"
            href={props.grafanaExploreUrl}
            target="_blank"
            rel="noopener noreferrer"
          >
            Open in Grafana Explore
          </Button>
        )}
      </div>
      <div className={classes.body}>
        <div className={classes.main}>
          <Minimap
            ref={minimap}
            tree={tree}
            rows={rows}
            startUs={layout.startUs}
            onJump={onJump}
          />
          <Waterfall
            tree={tree}
            rows={rows}
            startUs={layout.startUs}
            collapsed={collapsed}
            hits={hits}
            criticalPath={critical}
            showCriticalPath={showCriticalPath}
            selected={selected}
            height={props.height ?? 600}
            onToggle={onToggle}
            onSelect={setSelected}
            onRangeChange={onRangeChange}
            scrollToRow={scrollToRow}
          />
        </div>
        {selectedSpan && selected !== undefined && (
          <div className={classes.details}>
            <SpanDetails
              span={selectedSpan}
              traceStartUs={tree.startUs}
              shiftUs={layout.shiftUs[selected]}
              onCriticalPath={critical.onPath[selected] === 1}
              linkHref={props.shareUrl}
            />
          </div>
        )}
      </div>
    </div>
  );
}
