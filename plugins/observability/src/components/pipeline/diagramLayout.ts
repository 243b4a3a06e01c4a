import type { MeasuredRate, PipelineOverview } from '@internal/plugin-observability-common';

export type OverviewNode = PipelineOverview['nodes'][number];

export interface PlacedNode extends OverviewNode {
  x: number;
  y: number;
}

export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 58;
const MARGIN = 20;
const ROW_GAP = 72;
const COLUMN_GAP = NODE_WIDTH + 90;

/**
 * Columns left to right: sources, the eBPF agent (when there is one), node collector, gateway,
 * destinations. Columns are centred vertically; the eBPF agent sits in a row of its own below
 * them, so the edges from SDK sources to the node collector pass above it, not through it.
 * Returns the nodes with positions and the drawing's size.
 */
export function layoutPipeline(overview: PipelineOverview) {
  const agents = overview.nodes.filter(n => n.role === 'agent');
  const columns: OverviewNode[][] = [
    overview.nodes.filter(n => n.role === 'source'),
    agents,
    overview.nodes.filter(n => n.id === 'node'),
    overview.nodes.filter(n => n.id === 'gateway'),
    overview.nodes.filter(n => n.role === 'destination'),
  ].filter(c => c.length > 0);
  const rows = Math.max(1, ...columns.filter(c => c !== agents).map(c => c.length));
  const main = rows * ROW_GAP;
  const height = main + (agents.length ? agents.length * ROW_GAP : 0) + MARGIN;
  const placed: PlacedNode[] = [];
  columns.forEach((column, i) => {
    const top = column === agents ? main : (main - column.length * ROW_GAP) / 2;
    column.forEach((n, j) => {
      placed.push({ ...n, x: MARGIN + i * COLUMN_GAP, y: top + j * ROW_GAP + (ROW_GAP - NODE_HEIGHT) / 2 });
    });
  });
  const width = MARGIN * 2 + (columns.length - 1) * COLUMN_GAP + NODE_WIDTH;
  return { nodes: placed, width, height };
}

export function formatRate(spansPerSecond?: number): string {
  if (spansPerSecond === undefined) return '– spans/s';
  if (spansPerSecond >= 1000) return `${(spansPerSecond / 1000).toFixed(1)}k spans/s`;
  return `${spansPerSecond.toFixed(spansPerSecond < 10 ? 1 : 0)} spans/s`;
}

/** What a rate reads as: a number, a lower bound when only partly measured, or "not measured". */
export function describeRate(rate?: MeasuredRate): string {
  if (!rate || rate.state === 'not-measured' || rate.spansPerSecond === undefined) return 'not measured';
  return `${rate.state === 'partial' ? '≥ ' : ''}${formatRate(rate.spansPerSecond)}`;
}

/** The tooltip of a rate: where the number comes from, and what is missing or why there is none. */
export function explainRate(rate?: MeasuredRate): string {
  if (!rate) return 'not measured';
  return [rate.basis, rate.note].filter(Boolean).join(' · ') || describeRate(rate);
}

export function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
