import { describeRate, explainRate, formatRate, layoutPipeline } from './diagramLayout';

describe('pipeline diagram layout', () => {
  it('places sources, the eBPF agent, collectors and destinations in columns left to right', () => {
    const { nodes, width, height } = layoutPipeline({
      cluster: 'c',
      nodes: [
        { id: 'source:0', label: 'checkout', role: 'source' },
        { id: 'source:1', label: 'payments', role: 'source' },
        { id: 'ebpf', label: 'eBPF', role: 'agent' },
        { id: 'node', label: 'Node', role: 'collector' },
        { id: 'gateway', label: 'Gateway', role: 'collector' },
        { id: 'dest:a', label: 'a', role: 'destination' },
        { id: 'dest:b', label: 'b', role: 'destination' },
        { id: 'dest:c', label: 'c', role: 'destination' },
      ],
      edges: [],
    });
    const x = (id: string) => nodes.find(n => n.id === id)!.x;
    expect(x('source:0')).toBe(x('source:1'));
    expect(x('source:0')).toBeLessThan(x('ebpf'));
    expect(x('ebpf')).toBeLessThan(x('node'));
    expect(x('node')).toBeLessThan(x('gateway'));
    expect(x('gateway')).toBeLessThan(x('dest:a'));
    // The agent sits below the other rows: SDK edges to the node collector pass above it.
    const sourcesBottom = Math.max(...nodes.filter(n => n.role === 'source').map(n => n.y + 58));
    expect(nodes.find(n => n.id === 'ebpf')!.y).toBeGreaterThanOrEqual(sourcesBottom);
    expect(Math.max(...nodes.map(n => n.y + 58))).toBeLessThanOrEqual(height);
    expect(Math.max(...nodes.map(n => n.x))).toBeLessThan(width);
  });

  it('leaves no empty column when there is no eBPF agent', () => {
    const { nodes } = layoutPipeline({
      cluster: 'c',
      nodes: [
        { id: 'source:0', label: 's', role: 'source' },
        { id: 'node', label: 'Node', role: 'collector' },
      ],
      edges: [],
    });
    expect(nodes[1].x - nodes[0].x).toBe(290);
  });

  it('formats rates', () => {
    expect(formatRate(undefined)).toBe('– spans/s');
    expect(formatRate(2.345)).toBe('2.3 spans/s');
    expect(formatRate(250)).toBe('250 spans/s');
    expect(formatRate(12_500)).toBe('12.5k spans/s');
  });

  it('says what a rate is: a number, a lower bound, or not measured — never a made-up zero', () => {
    expect(describeRate({ state: 'measured', spansPerSecond: 4 })).toBe('4.0 spans/s');
    expect(describeRate({ state: 'partial', spansPerSecond: 4, note: '1 pod not measured' })).toBe('≥ 4.0 spans/s');
    expect(describeRate({ state: 'not-measured', note: 'no span metrics' })).toBe('not measured');
    expect(describeRate(undefined)).toBe('not measured');
    expect(explainRate({ state: 'partial', spansPerSecond: 4, basis: 'gateway metrics', note: '1 pod not measured' })).toBe(
      'gateway metrics · 1 pod not measured',
    );
  });
});
