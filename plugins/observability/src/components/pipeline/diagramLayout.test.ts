import { formatRate, layoutPipeline } from './diagramLayout';

describe('pipeline diagram layout', () => {
  it('places sources, collectors and destinations in columns left to right', () => {
    const { nodes, width, height } = layoutPipeline({
      cluster: 'c',
      nodes: [
        { id: 'sdk', label: 'SDK', role: 'source' },
        { id: 'ebpf', label: 'eBPF', role: 'source' },
        { id: 'node', label: 'Node', role: 'collector' },
        { id: 'gateway', label: 'Gateway', role: 'collector' },
        { id: 'dest:a', label: 'a', role: 'destination' },
        { id: 'dest:b', label: 'b', role: 'destination' },
        { id: 'dest:c', label: 'c', role: 'destination' },
      ],
      edges: [],
    });
    const x = (id: string) => nodes.find(n => n.id === id)!.x;
    expect(x('sdk')).toBe(x('ebpf'));
    expect(x('sdk')).toBeLessThan(x('node'));
    expect(x('node')).toBeLessThan(x('gateway'));
    expect(x('gateway')).toBeLessThan(x('dest:a'));
    expect(Math.max(...nodes.map(n => n.y))).toBeLessThan(height);
    expect(Math.max(...nodes.map(n => n.x))).toBeLessThan(width);
  });

  it('formats rates', () => {
    expect(formatRate(undefined)).toBe('– spans/s');
    expect(formatRate(2.345)).toBe('2.3 spans/s');
    expect(formatRate(250)).toBe('250 spans/s');
    expect(formatRate(12_500)).toBe('12.5k spans/s');
  });
});
