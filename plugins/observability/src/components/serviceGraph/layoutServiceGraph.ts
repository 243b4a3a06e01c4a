import dagre from '@dagrejs/dagre';
import type {
  ServiceGraph,
  ServiceGraphEdge,
  ServiceGraphNode,
} from '@internal/plugin-observability-common';

export interface PlacedNode extends ServiceGraphNode {
  x: number;
  y: number;
  width: number;
  height: number;
  /** The service the graph is about. */
  focus: boolean;
}

export interface PlacedEdge extends ServiceGraphEdge {
  points: { x: number; y: number }[];
  label: string;
  labelX: number;
  labelY: number;
}

export interface GraphLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

const NODE_HEIGHT = 40;
const CHAR_WIDTH = 7.5;

/** `12.3 req/s · 2.0% err · p90 45 ms` */
export function edgeLabel(edge: ServiceGraphEdge): string {
  const rate =
    edge.requestRate >= 10
      ? edge.requestRate.toFixed(0)
      : edge.requestRate.toPrecision(2);
  const parts = [`${rate} req/s`, `${(edge.errorRate * 100).toFixed(1)}% err`];
  if (edge.p90Ms !== undefined) {
    parts.push(
      `p90 ${
        edge.p90Ms >= 100 ? edge.p90Ms.toFixed(0) : edge.p90Ms.toPrecision(2)
      } ms`,
    );
  }
  return parts.join(' · ');
}

/** Left-to-right layout (callers left, callees right) computed by dagre. */
export function layoutServiceGraph(graph: ServiceGraph): GraphLayout {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({
    rankdir: 'LR',
    nodesep: 30,
    ranksep: 180,
    marginx: 20,
    marginy: 20,
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) {
    g.setNode(node.id, {
      width: Math.max(100, node.id.length * CHAR_WIDTH + 32),
      height: NODE_HEIGHT,
    });
  }
  for (const edge of graph.edges) {
    if (edge.source === edge.target) continue; // self-calls are shown on the node, not as a loop
    const label = edgeLabel(edge);
    g.setEdge(edge.source, edge.target, {
      width: label.length * 6.2,
      height: 14,
      labelpos: 'c',
    });
  }
  dagre.layout(g);

  const nodes: PlacedNode[] = graph.nodes.map(node => {
    const placed = g.node(node.id);
    return {
      ...node,
      x: placed.x,
      y: placed.y,
      width: placed.width,
      height: placed.height,
      focus: node.id === graph.service,
    };
  });
  const edges: PlacedEdge[] = graph.edges
    .filter(edge => edge.source !== edge.target)
    .map(edge => {
      const placed = g.edge(edge.source, edge.target) as unknown as {
        points: { x: number; y: number }[];
        x: number;
        y: number;
      };
      return {
        ...edge,
        points: placed.points,
        label: edgeLabel(edge),
        labelX: placed.x,
        labelY: placed.y,
      };
    });
  const { width = 0, height = 0 } = g.graph();
  return { nodes, edges, width, height };
}
