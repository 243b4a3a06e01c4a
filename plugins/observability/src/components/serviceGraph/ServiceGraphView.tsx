import type { ServiceGraph } from '@internal/plugin-observability-common';
import { makeStyles, useTheme } from '@material-ui/core';
import { useMemo } from 'react';
import { serviceColor } from '../traces/model/serviceColors';
import { layoutServiceGraph } from './layoutServiceGraph';

const useStyles = makeStyles(theme => ({
  svg: {
    maxWidth: '100%',
    height: 'auto',
    fontFamily: theme.typography.fontFamily,
  },
}));

export interface ServiceGraphViewProps {
  graph: ServiceGraph;
  /** Link of a node's catalog entity; undefined for services the catalog does not know. */
  nodeHref?(service: string): string | undefined;
}

function path(points: { x: number; y: number }[]): string {
  return points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`)
    .join(' ');
}

/** The neighbourhood of a service as SVG: services as boxes, uninstrumented peers dashed. */
export function ServiceGraphView(props: ServiceGraphViewProps) {
  const classes = useStyles();
  const theme = useTheme();
  const layout = useMemo(() => layoutServiceGraph(props.graph), [props.graph]);
  const text = theme.palette.text.primary;
  const muted = theme.palette.text.secondary;
  return (
    <svg
      className={classes.svg}
      width={layout.width}
      height={layout.height}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      role="img"
      aria-label={`Service graph of ${props.graph.service}`}
    >
      <defs>
        <marker
          id="svcgraph-arrow"
          viewBox="0 0 10 10"
          refX="10"
          refY="5"
          markerWidth="8"
          markerHeight="8"
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" fill={muted} />
        </marker>
      </defs>
      {layout.edges.map(edge => (
        <g
          key={`${edge.source}->${edge.target}`}
          data-testid={`edge-${edge.source}-${edge.target}`}
        >
          <path
            d={path(edge.points)}
            fill="none"
            stroke={edge.errorRate > 0.05 ? theme.palette.error.main : muted}
            strokeWidth={1.5}
            markerEnd="url(#svcgraph-arrow)"
          />
          <text
            x={edge.labelX}
            y={edge.labelY}
            textAnchor="middle"
            fontSize={11}
            fill={text}
          >
            {edge.label}
          </text>
        </g>
      ))}
      {layout.nodes.map(node => {
        const href = node.virtual ? undefined : props.nodeHref?.(node.id);
        const box = (
          <g data-testid={`node-${node.id}`}>
            <rect
              x={node.x - node.width / 2}
              y={node.y - node.height / 2}
              width={node.width}
              height={node.height}
              rx={node.virtual ? 20 : 4}
              fill={theme.palette.background.paper}
              stroke={node.virtual ? muted : serviceColor(node.id)}
              strokeWidth={node.focus ? 3 : 1.5}
              strokeDasharray={node.virtual ? '4 3' : undefined}
            />
            <text
              x={node.x}
              y={node.y + 4}
              textAnchor="middle"
              fontSize={12}
              fill={text}
              fontWeight={node.focus ? 'bold' : undefined}
            >
              {node.id}
            </text>
            {node.virtual && (
              <title>{`${node.id}: not instrumented (${
                node.peerType ?? 'external peer'
              })`}</title>
            )}
          </g>
        );
        return href ? (
          <a key={node.id} href={href} aria-label={`${node.id} in the catalog`}>
            {box}
          </a>
        ) : (
          <g key={node.id}>{box}</g>
        );
      })}
    </svg>
  );
}
