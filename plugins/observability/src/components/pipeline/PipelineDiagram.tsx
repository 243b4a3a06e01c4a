import type { PipelineOverview } from '@internal/plugin-observability-common';
import { Table, TableBody, TableCell, TableHead, TableRow, Typography, useTheme } from '@material-ui/core';
import { describeRate, explainRate, layoutPipeline, NODE_HEIGHT, NODE_WIDTH, shorten } from './diagramLayout';

/**
 * Sources → (eBPF agent) → node collector → gateway → destinations, with spans per second
 * wherever they are measured and "not measured" (with the reason on hover and in the table)
 * wherever they are not.
 */
export function PipelineDiagram({ overview }: { overview: PipelineOverview }) {
  const theme = useTheme();
  const { nodes, width, height } = layoutPipeline(overview);
  const at = new Map(nodes.map(n => [n.id, n]));
  const fill = (healthy?: boolean) => {
    if (healthy === undefined) return theme.palette.background.paper;
    return healthy ? theme.palette.success.light : theme.palette.error.light;
  };
  const sources = overview.nodes.filter(n => n.role === 'source' && n.members);
  return (
    <>
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
            <g key={`${e.from}-${e.to}`} data-testid={`pipeline-edge-${e.from}-${e.to}`}>
              <path
                d={`M${x1},${y1} C${(x1 + x2) / 2},${y1} ${(x1 + x2) / 2},${y2} ${x2},${y2}`}
                fill="none"
                stroke={theme.palette.text.secondary}
                strokeWidth={1.5}
                strokeDasharray={e.rate && e.rate.state === 'not-measured' ? '4 3' : undefined}
                markerEnd="url(#pipeline-arrow)"
              />
              {e.rate && (
                <text x={(x1 + x2) / 2} y={(y1 + y2) / 2 - 6} textAnchor="middle" fontSize={11} fill={theme.palette.text.primary}>
                  <title>{explainRate(e.rate)}</title>
                  {describeRate(e.rate)}
                </text>
              )}
            </g>
          );
        })}
        {nodes.map(n => (
          <g key={n.id} data-testid={`pipeline-node-${n.id}`}>
            <title>{[n.label, n.detail, n.rate ? `${describeRate(n.rate)} (${explainRate(n.rate)})` : ''].filter(Boolean).join('\n')}</title>
            <rect x={n.x} y={n.y} width={NODE_WIDTH} height={NODE_HEIGHT} rx={6} fill={fill(n.healthy)} stroke={theme.palette.divider} />
            <text
              x={n.x + NODE_WIDTH / 2}
              y={n.detail || n.rate ? n.y + 18 : n.y + NODE_HEIGHT / 2 + 4}
              textAnchor="middle"
              fontSize={12}
              fill={theme.palette.text.primary}
            >
              {shorten(n.label, 30)}
            </text>
            {n.detail && (
              <text x={n.x + NODE_WIDTH / 2} y={n.y + 33} textAnchor="middle" fontSize={10} fill={theme.palette.text.secondary}>
                {shorten(n.detail, 36)}
              </text>
            )}
            {n.rate && (
              <text x={n.x + NODE_WIDTH / 2} y={n.y + 49} textAnchor="middle" fontSize={11} fill={theme.palette.text.primary}>
                {describeRate(n.rate)}
              </text>
            )}
          </g>
        ))}
      </svg>
      {overview.sourcesError && (
        <Typography variant="body2" color="error">
          Sources could not be listed: {overview.sourcesError}
        </Typography>
      )}
      {sources.length > 0 && (
        <Table size="small" aria-label="pipeline sources">
          <TableHead>
            <TableRow>
              <TableCell>Source</TableCell>
              <TableCell>Workloads</TableCell>
              <TableCell>Spans/s</TableCell>
              <TableCell>Measured from</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {sources.map(n => (
              <TableRow key={n.id} data-testid={`pipeline-source-${n.id}`}>
                <TableCell>{n.label}</TableCell>
                <TableCell>
                  {n.members!.map(m => (
                    <Typography key={`${m.kind}/${m.namespace}/${m.name}`} variant="caption" display="block">
                      {m.kind} {m.namespace}/{m.name} · {m.strategies.join(', ')} · service {m.services.join(', ')}
                    </Typography>
                  ))}
                </TableCell>
                <TableCell>{describeRate(n.rate)}</TableCell>
                <TableCell>
                  <Typography variant="caption">{explainRate(n.rate)}</Typography>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
