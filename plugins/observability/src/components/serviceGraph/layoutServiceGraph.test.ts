import type { ServiceGraph } from '@internal/plugin-observability-common';
import { edgeLabel, layoutServiceGraph } from './layoutServiceGraph';

const graph: ServiceGraph = {
  service: 'cart',
  source: 'metrics',
  windowMinutes: 15,
  nodes: [
    { id: 'cart', virtual: false },
    { id: 'postgres', virtual: true, peerType: 'database' },
    { id: 'web', virtual: false },
  ],
  edges: [
    {
      source: 'web',
      target: 'cart',
      requestRate: 12.34,
      errorRate: 0.02,
      p90Ms: 45.2,
    },
    { source: 'cart', target: 'postgres', requestRate: 0.5, errorRate: 0 },
    { source: 'cart', target: 'cart', requestRate: 1, errorRate: 0 },
  ],
};

describe('layoutServiceGraph', () => {
  it('puts callers left of the service and callees right, with a path per edge', () => {
    const layout = layoutServiceGraph(graph);
    const x = (id: string) => layout.nodes.find(n => n.id === id)!.x;
    expect(x('web')).toBeLessThan(x('cart'));
    expect(x('cart')).toBeLessThan(x('postgres'));
    expect(layout.nodes.find(n => n.id === 'cart')!.focus).toBe(true);
    expect(layout.edges).toHaveLength(2);
    for (const edge of layout.edges)
      expect(edge.points.length).toBeGreaterThanOrEqual(2);
    expect(layout.width).toBeGreaterThan(0);
  });

  it('labels edges with rate, error rate and p90', () => {
    expect(edgeLabel(graph.edges[0])).toBe('12 req/s · 2.0% err · p90 45 ms');
    expect(edgeLabel(graph.edges[1])).toBe('0.50 req/s · 0.0% err');
  });
});
