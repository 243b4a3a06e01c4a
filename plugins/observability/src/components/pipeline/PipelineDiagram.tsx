import type { PipelineOverview } from '@internal/plugin-observability-common';
import { useTheme } from '@material-ui/core';
import { formatRate, layoutPipeline, NODE_HEIGHT, NODE_WIDTH } from './diagramLayout';

/** Sources → node collector → gateway → destinations, with spans per second on each edge. */
export function PipelineDiagram({ overview }: { overview: PipelineOverview }) {
  const theme = useTheme();
  const { nodes, width, height } = layoutPipeline(overview);
  const at = new Map(nodes.map(n => [n.id, n]));
  const fill = (healthy?: boolean) => {
    if (healthy === undefined) return theme.palette.background.paper;
    return healthy ? theme.palette.success.light : theme.palette.error.light;
  };
  return (
    <svg
      role="img"
      aria-label={`Telemetry pipeline of ${overview.cluster}`}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      style={{ maxWidth: width }}
    >
      <defs>
        <marker id="pipeline-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto">
          <path d="M0,0 L10,5 L0,10 z" fill={theme.palette.text.secondary} />
        </marker>
      </defs>
      {overview.edges.map(e => {
        const from = at.get(e.from);
        const to = at.get(e.to);
        if (!from || !to) return null;
        const x1 = from.x + NODE_WIDTH;
        const y1 = from.y + NODE_HEIGHT / 2;
        const x2 = to.x;
        const y2 = to.y + NODE_HEIGHT / 2;
        return (
          <g key={`${e.from}-${e.to}`}>
            <path
              d={`M${x1},${y1} C${(x1 + x2) / 2},${y1} ${(x1 + x2) / 2},${y2} ${x2},${y2}`}
              fill="none"
              stroke={theme.palette.text.secondary}
              strokeWidth={1.5}
              markerEnd="url(#pipeline-arrow)"
            />
            <text x={(x1 + x2) / 2} y={(y1 + y2) / 2 - 6} textAnchor="middle" fontSize={11} fill={theme.palette.text.primary}>
              {formatRate(e.spansPerSecond)}
            </text>
          </g>
        );
      })}
      {nodes.map(n => (
        <g key={n.id} data-testid={`pipeline-node-${n.id}`}>
          <rect
            x={n.x}
            y={n.y}
            width={NODE_WIDTH}
            height={NODE_HEIGHT}
            rx={6}
            fill={fill(n.healthy)}
            stroke={theme.palette.divider}
          />
          <text x={n.x + NODE_WIDTH / 2} y={n.y + NODE_HEIGHT / 2 + 4} textAnchor="middle" fontSize={12} fill={theme.palette.text.primary}>
            {n.label.length > 28 ? `${n.label.slice(0, 27)}…` : n.label}
          </text>
        </g>
      ))}
    </svg>
  );
}
