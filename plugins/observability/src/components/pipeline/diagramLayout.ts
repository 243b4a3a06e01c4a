import type { PipelineOverview } from '@internal/plugin-observability-common';

export interface PlacedNode {
  id: string;
  label: string;
  role: PipelineOverview['nodes'][number]['role'];
  healthy?: boolean;
  x: number;
  y: number;
}

export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 44;
const COLUMN_X = { source: 20, collector: 0, destination: 0 };
const ROW_GAP = 64;

/**
 * Columns: sources, node collector, gateway, destinations. Each column is centred vertically;
 * returns the nodes with positions and the drawing's size.
 */
export function layoutPipeline(overview: PipelineOverview) {
  const columns: PipelineOverview['nodes'][] = [
    overview.nodes.filter(n => n.role === 'source'),
    overview.nodes.filter(n => n.id === 'node'),
    overview.nodes.filter(n => n.id === 'gateway'),
    overview.nodes.filter(n => n.role === 'destination'),
  ];
  const rows = Math.max(1, ...columns.map(c => c.length));
  const height = rows * ROW_GAP + 20;
  const columnGap = NODE_WIDTH + 90;
  const placed: PlacedNode[] = [];
  columns.forEach((column, i) => {
    const top = (height - column.length * ROW_GAP) / 2;
    column.forEach((n, j) => {
      placed.push({ ...n, x: COLUMN_X.source + i * columnGap, y: top + j * ROW_GAP + (ROW_GAP - NODE_HEIGHT) / 2 });
    });
  });
  return { nodes: placed, width: COLUMN_X.source * 2 + 3 * columnGap + NODE_WIDTH, height };
}

export function formatRate(spansPerSecond?: number): string {
  if (spansPerSecond === undefined) return '– spans/s';
  if (spansPerSecond >= 1000) return `${(spansPerSecond / 1000).toFixed(1)}k spans/s`;
  return `${spansPerSecond.toFixed(spansPerSecond < 10 ? 1 : 0)} spans/s`;
}
