import { makeStyles } from '@material-ui/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef } from 'react';
import { formatDuration } from './format';
import type { CriticalPath, CriticalSegment } from './model/criticalPath';
import type { TraceTree } from './model/traceTree';
import { serviceColor } from './model/serviceColors';

export const ROW_HEIGHT = 24;
/** Indentation stops growing here so very deep traces keep a readable name column. */
const MAX_INDENT_LEVELS = 30;

const useStyles = makeStyles(theme => ({
  scroller: {
    position: 'relative',
    overflow: 'auto',
    border: `1px solid ${theme.palette.divider}`,
    contain: 'strict',
  },
  row: {
    position: 'absolute',
    left: 0,
    right: 0,
    height: ROW_HEIGHT,
    display: 'flex',
    alignItems: 'center',
    fontSize: 12,
    cursor: 'pointer',
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:hover': { background: theme.palette.action.hover },
  },
  selected: { background: `${theme.palette.action.selected} !important` },
  hit: { background: theme.palette.type === 'dark' ? '#5c4b00' : '#fff3b0' },
  name: {
    width: '38%',
    flexShrink: 0,
    display: 'flex',
    alignItems: 'center',
    overflow: 'hidden',
    whiteSpace: 'nowrap',
    paddingRight: 4,
  },
  toggle: {
    width: 16,
    flexShrink: 0,
    border: 'none',
    background: 'none',
    padding: 0,
    color: 'inherit',
    cursor: 'pointer',
    fontSize: 10,
  },
  swatch: {
    width: 4,
    height: 16,
    flexShrink: 0,
    marginRight: 4,
    borderRadius: 1,
  },
  label: { overflow: 'hidden', textOverflow: 'ellipsis' },
  service: { color: theme.palette.text.secondary, marginRight: 4 },
  error: {
    color: theme.palette.error.main,
    fontWeight: 'bold',
    marginRight: 4,
  },
  timeline: { position: 'relative', flexGrow: 1, height: '100%' },
  bar: {
    position: 'absolute',
    top: 6,
    height: 12,
    minWidth: 1,
    borderRadius: 2,
  },
  barError: { outline: `2px solid ${theme.palette.error.main}` },
  critical: {
    position: 'absolute',
    top: 10,
    height: 4,
    background: theme.palette.type === 'dark' ? '#fff' : '#000',
    opacity: 0.7,
  },
  duration: {
    position: 'absolute',
    top: 4,
    fontSize: 11,
    whiteSpace: 'nowrap',
  },
}));

function clampPct(value: number, max = 100): number {
  return Math.max(0, Math.min(max, value));
}

interface RowProps {
  /** Passed down rather than a hook per row: rows mount and unmount on every scroll frame. */
  classes: ReturnType<typeof useStyles>;
  span: number;
  top: number;
  depth: number;
  name: string;
  service: string;
  isError: boolean;
  hasChildren: boolean;
  collapsed: boolean;
  selected: boolean;
  hit: boolean;
  leftPct: number;
  widthPct: number;
  /** This span's stretches of the critical path; absent when it has none or the path is hidden. */
  criticalSegments?: readonly CriticalSegment[];
  /** Trace start and length, to place the segments on the same scale as the bar. */
  traceStartUs: number;
  traceUs: number;
  durationUs: number;
  onToggle(span: number): void;
  onSelect(span: number): void;
}

const Row = memo(function WaterfallRow(props: RowProps) {
  const { classes } = props;
  const color = serviceColor(props.service);
  const labelOnLeft = props.leftPct + props.widthPct > 80;
  return (
    <div
      role="row"
      aria-selected={props.selected}
      data-span-index={props.span}
      className={`${classes.row} ${props.selected ? classes.selected : ''} ${
        props.hit ? classes.hit : ''
      }`}
      style={{ transform: `translateY(${props.top}px)` }}
      tabIndex={0}
      onClick={() => props.onSelect(props.span)}
      onKeyDown={event => {
        if (event.key === 'Enter' || event.key === ' ')
          props.onSelect(props.span);
        if (
          props.hasChildren &&
          event.key === (props.collapsed ? 'ArrowRight' : 'ArrowLeft')
        ) {
          props.onToggle(props.span);
        }
      }}
    >
      <div
        className={classes.name}
        style={{ paddingLeft: Math.min(props.depth, MAX_INDENT_LEVELS) * 12 }}
      >
        {props.hasChildren ? (
          <button
            type="button"
            className={classes.toggle}
            aria-label={
              props.collapsed
                ? `Expand ${props.name}`
                : `Collapse ${props.name}`
            }
            aria-expanded={!props.collapsed}
            onClick={event => {
              event.stopPropagation();
              props.onToggle(props.span);
            }}
          >
            {props.collapsed ? '▶' : '▼'}
          </button>
        ) : (
          <span className={classes.toggle} />
        )}
        <span className={classes.swatch} style={{ background: color }} />
        {props.depth > MAX_INDENT_LEVELS && (
          <span className={classes.service}>↳{props.depth}</span>
        )}
        {props.isError && (
          <span className={classes.error} title="error">
            !
          </span>
        )}
        <span className={classes.service}>{props.service}</span>
        <span className={classes.label} title={props.name}>
          {props.name}
        </span>
      </div>
      <div className={classes.timeline}>
        <div
          className={`${classes.bar} ${props.isError ? classes.barError : ''}`}
          style={{
            left: `${props.leftPct}%`,
            width: `${props.widthPct}%`,
            background: color,
          }}
        />
        {props.criticalSegments?.map(segment => {
          const left = clampPct(
            ((segment.startUs - props.traceStartUs) / props.traceUs) * 100,
          );
          const width = clampPct(
            ((segment.endUs - segment.startUs) / props.traceUs) * 100,
            100 - left,
          );
          return (
            <div
              key={segment.startUs}
              className={classes.critical}
              data-critical-segment=""
              title={`Critical path: ${formatDuration(
                segment.endUs - segment.startUs,
              )} of this span’s own time`}
              style={{ left: `${left}%`, width: `${width}%` }}
            />
          );
        })}
        <span
          className={classes.duration}
          style={
            labelOnLeft
              ? { right: `${100 - props.leftPct}%`, paddingRight: 4 }
              : { left: `${props.leftPct + props.widthPct}%`, paddingLeft: 4 }
          }
        >
          {formatDuration(props.durationUs)}
        </span>
      </div>
    </div>
  );
});

export interface WaterfallProps {
  tree: TraceTree;
  rows: Int32Array;
  startUs: Float64Array;
  collapsed: ReadonlySet<number>;
  hits: Uint8Array;
  criticalPath: CriticalPath;
  showCriticalPath: boolean;
  selected?: number;
  height: number;
  onToggle(span: number): void;
  onSelect(span: number): void;
  /** Called with the first and last visible row, for the minimap. */
  onRangeChange?(first: number, last: number): void;
  /** Row to bring into view (changes to the value scroll). */
  scrollToRow?: { row: number };
}

/** The virtualised span rows: only the rows in view (plus a few) are in the DOM. */
export function Waterfall(props: WaterfallProps) {
  const classes = useStyles();
  const scrollRef = useRef<HTMLDivElement>(null);
  const { tree, rows, startUs } = props;
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const total = Math.max(1, tree.endUs - tree.startUs);

  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const { onRangeChange } = props;
  useEffect(() => onRangeChange?.(first, last), [first, last, onRangeChange]);

  const { scrollToRow } = props;
  useEffect(() => {
    if (scrollToRow)
      virtualizer.scrollToIndex(scrollToRow.row, { align: 'center' });
  }, [scrollToRow, virtualizer]);

  return (
    <div
      ref={scrollRef}
      className={classes.scroller}
      style={{ height: props.height }}
      role="grid"
      aria-label="Trace waterfall"
      aria-rowcount={rows.length}
      data-testid="trace-waterfall"
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map(item => {
          const span = rows[item.index];
          const s = tree.spans[span];
          const leftPct = ((startUs[span] - tree.startUs) / total) * 100;
          return (
            <Row
              key={span}
              classes={classes}
              span={span}
              top={item.start}
              depth={tree.depth[span]}
              name={s.name}
              service={s.serviceName}
              isError={s.status.code === 'error'}
              hasChildren={tree.childStart[span + 1] > tree.childStart[span]}
              collapsed={props.collapsed.has(span)}
              selected={props.selected === span}
              hit={props.hits[span] === 1}
              leftPct={Math.max(0, Math.min(100, leftPct))}
              widthPct={Math.max(
                0,
                Math.min(100 - leftPct, (s.durationUs / total) * 100),
              )}
              criticalSegments={
                props.showCriticalPath
                  ? props.criticalPath.segmentsBySpan[span]
                  : undefined
              }
              traceStartUs={tree.startUs}
              traceUs={total}
              durationUs={s.durationUs}
              onToggle={props.onToggle}
              onSelect={props.onSelect}
            />
          );
        })}
      </div>
    </div>
  );
}
