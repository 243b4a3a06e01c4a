import { makeStyles } from '@material-ui/core';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import type { TraceTree } from './model/traceTree';
import { serviceColor } from './model/serviceColors';

const HEIGHT = 64;

const useStyles = makeStyles(theme => ({
  root: {
    position: 'relative',
    height: HEIGHT,
    border: `1px solid ${theme.palette.divider}`,
    marginBottom: theme.spacing(1),
    cursor: 'pointer',
  },
  canvas: { width: '100%', height: HEIGHT, display: 'block' },
  viewport: {
    position: 'absolute',
    left: 0,
    right: 0,
    background:
      theme.palette.type === 'dark'
        ? 'rgba(255,255,255,0.15)'
        : 'rgba(0,0,0,0.12)',
    borderTop: `1px solid ${theme.palette.text.secondary}`,
    borderBottom: `1px solid ${theme.palette.text.secondary}`,
    pointerEvents: 'none',
    minHeight: 2,
  },
}));

function draw(
  canvas: HTMLCanvasElement | null,
  tree: TraceTree,
  rows: Int32Array,
  startUs: Float64Array,
) {
  // No layout (jsdom, hidden tab): nothing to draw into.
  if (!canvas || canvas.clientWidth === 0) return;
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth * ratio;
  const height = HEIGHT * ratio;
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.clearRect(0, 0, width, height);
  const total = Math.max(1, tree.endUs - tree.startUs);
  const rowHeight = Math.max(1, height / Math.max(1, rows.length));
  let lastColor = '';
  for (let k = 0; k < rows.length; k++) {
    const span = rows[k];
    const s = tree.spans[span];
    const color =
      s.status.code === 'error' ? '#d32f2f' : serviceColor(s.serviceName);
    if (color !== lastColor) {
      ctx.fillStyle = color;
      lastColor = color;
    }
    const x = ((startUs[span] - tree.startUs) / total) * width;
    const w = Math.max(1, (s.durationUs / total) * width);
    ctx.fillRect(x, (k / rows.length) * height, w, rowHeight);
  }
}

export interface MinimapProps {
  tree: TraceTree;
  rows: Int32Array;
  startUs: Float64Array;
  /** Jump to the row at this index of `rows`. */
  onJump(row: number): void;
}

export interface MinimapHandle {
  /** Shades the rows in view. Imperative: scrolling must not re-render the trace view. */
  showRange(first: number, last: number): void;
}

/**
 * The whole trace at a glance: every row is drawn into one canvas (rows squeezed vertically,
 * time horizontally), with the part currently in the waterfall shaded. Click to jump.
 */
export const Minimap = forwardRef<MinimapHandle, MinimapProps>(
  function MinimapCanvas(props, ref) {
    const classes = useStyles();
    const canvasRef = useRef<HTMLCanvasElement>(null);
    const { tree, rows, startUs } = props;

    useEffect(() => {
      // Drawn after the waterfall's first paint: 100,000 rectangles take a few tens of ms.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const frame = requestAnimationFrame(() => {
        timer = setTimeout(
          () => draw(canvasRef.current, tree, rows, startUs),
          0,
        );
      });
      return () => {
        cancelAnimationFrame(frame);
        clearTimeout(timer);
      };
    }, [tree, rows, startUs]);

    const viewportRef = useRef<HTMLDivElement>(null);
    useImperativeHandle(
      ref,
      () => ({
        showRange(first, last) {
          const count = Math.max(1, rows.length);
          const viewport = viewportRef.current;
          if (!viewport) return;
          viewport.style.top = `${(first / count) * 100}%`;
          viewport.style.height = `${((last - first + 1) / count) * 100}%`;
        },
      }),
      [rows],
    );

    return (
      <div
        className={classes.root}
        data-testid="trace-minimap"
        role="button"
        tabIndex={0}
        aria-label="Trace minimap: click to jump, Home and End for the first and last span"
        onKeyDown={event => {
          if (event.key === 'Home') props.onJump(0);
          if (event.key === 'End') props.onJump(rows.length - 1);
        }}
        onClick={event => {
          const box = event.currentTarget.getBoundingClientRect();
          const fraction =
            box.height > 0 ? (event.clientY - box.top) / box.height : 0;
          props.onJump(
            Math.min(
              rows.length - 1,
              Math.max(0, Math.floor(fraction * rows.length)),
            ),
          );
        }}
      >
        <canvas
          ref={canvasRef}
          className={classes.canvas}
          aria-label="Trace minimap"
        />
        <div
          ref={viewportRef}
          className={classes.viewport}
          data-testid="trace-minimap-viewport"
        />
      </div>
    );
  },
);
