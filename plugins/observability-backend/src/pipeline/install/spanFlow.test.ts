import { foldReadings, MAX_SAMPLE_AGE_MS, type CollectorPod, type PodReading } from './spanFlow';
import type { CounterSample } from './spanMetrics';

const pod = (name: string, ready = true): CollectorPod => ({ name, uid: `uid-${name}`, ready });

function metrics(accepted: number, exported: number, uptime?: number, exporter = 'otlp_grpc/tempo') {
  return [
    `otelcol_receiver_accepted_spans{receiver="otlp",transport="grpc"} ${accepted}`,
    `otelcol_exporter_sent_spans{exporter="${exporter}"} ${exported}`,
    ...(uptime === undefined ? [] : [`otelcol_process_uptime ${uptime}`]),
  ].join('\n');
}

/** Two reads of the same pods, `seconds` apart. */
function twoReads(role: 'gateway' | 'node', first: PodReading[], second: PodReading[], seconds = 10) {
  const one = foldReadings(role, new Map(), first, 1_000_000);
  return { one, two: foldReadings(role, one.next, second, 1_000_000 + seconds * 1000) };
}

describe('foldReadings', () => {
  it('sums the gateway pods’ own rates instead of mixing their counters', () => {
    const a = pod('gateway-a');
    const b = pod('gateway-b');
    // Pod b has far higher totals than a: a Service proxy landing on either would jump by ±9000.
    const { one, two } = twoReads(
      'gateway',
      [{ pod: a, text: metrics(100, 100, 60) }, { pod: b, text: metrics(9100, 9100, 600) }],
      [{ pod: a, text: metrics(150, 150, 70) }, { pod: b, text: metrics(9300, 9300, 610) }],
    );
    expect(one.flow).toMatchObject({ measuredPods: 0, flowing: undefined });
    expect(one.flow.pods.map(p => p.state)).toEqual(['first-sample', 'first-sample']);
    expect(two.flow).toMatchObject({
      flowing: true,
      acceptedPerSecond: 25,
      exportedPerSecond: 25,
      measuredPods: 2,
      byExporter: { 'otlp_grpc/tempo': 25 },
    });
    expect(two.flow.pods).toEqual([
      { pod: 'gateway-a', state: 'measured', acceptedPerSecond: 5, exportedPerSecond: 5, failedPerSecond: 0 },
      { pod: 'gateway-b', state: 'measured', acceptedPerSecond: 20, exportedPerSecond: 20, failedPerSecond: 0 },
    ]);
  });

  it('handles a counter reset on one pod without a negative or lost rate', () => {
    const a = pod('gateway-a');
    const b = pod('gateway-b');
    const { two } = twoReads(
      'gateway',
      [{ pod: a, text: metrics(100, 100, 60) }, { pod: b, text: metrics(5000, 5000, 600) }],
      // b restarted 4 s ago and has sent 40 spans since.
      [{ pod: a, text: metrics(200, 200, 70) }, { pod: b, text: metrics(40, 40, 4) }],
    );
    expect(two.flow.pods[1]).toEqual({
      pod: 'gateway-b',
      state: 'measured',
      acceptedPerSecond: 4,
      exportedPerSecond: 4,
      failedPerSecond: 0,
      restarted: true,
    });
    expect(two.flow.exportedPerSecond).toBe(14);
  });

  it('reports a new pod as a first read and keeps the others’ rates, partially measured', () => {
    const a = pod('gateway-a');
    const c = pod('gateway-c');
    const { two } = twoReads(
      'gateway',
      [{ pod: a, text: metrics(0, 0) }],
      [{ pod: a, text: metrics(0, 0) }, { pod: c, text: metrics(30, 30) }],
    );
    expect(two.flow).toMatchObject({ measuredPods: 1, exportedPerSecond: 0 });
    // a measured zero, c unknown: not "not flowing".
    expect(two.flow.flowing).toBeUndefined();
    expect(two.flow.pods.map(p => [p.pod, p.state])).toEqual([
      ['gateway-a', 'measured'],
      ['gateway-c', 'first-sample'],
    ]);
  });

  it('says not flowing only when every pod was measured at zero, or all counters are still zero', () => {
    const a = pod('n-a');
    const b = pod('n-b');
    const zero = twoReads('node', [{ pod: a, text: metrics(5, 5) }, { pod: b, text: metrics(7, 7) }], [
      { pod: a, text: metrics(5, 5) },
      { pod: b, text: metrics(7, 7) },
    ]);
    expect(zero.two.flow).toMatchObject({ flowing: false, acceptedPerSecond: 0 });
    const fresh = foldReadings('node', new Map(), [{ pod: a, text: metrics(0, 0) }], 0);
    expect(fresh.flow.flowing).toBe(false);
    const used = foldReadings('node', new Map(), [{ pod: a, text: metrics(3, 0) }], 0);
    expect(used.flow.flowing).toBeUndefined();
  });

  it('uses the node collectors’ accepted spans for "flowing"', () => {
    const a = pod('n-a');
    // Accepted spans but exported none (e.g. the gateway is down): spans do arrive from the node.
    const { two } = twoReads('node', [{ pod: a, text: metrics(10, 0) }], [{ pod: a, text: metrics(20, 0) }]);
    expect(two.flow).toMatchObject({ flowing: true, acceptedPerSecond: 1, exportedPerSecond: 0 });
  });

  it('keeps unreadable and not-ready pods out of the sums and says why', () => {
    const a = pod('gateway-a');
    const b = pod('gateway-b');
    const c = pod('gateway-c', false);
    const { two } = twoReads(
      'gateway',
      [{ pod: a, text: metrics(0, 0) }, { pod: b, error: 'HTTP 503' }, { pod: c, notReady: true }],
      [{ pod: a, text: metrics(10, 10) }, { pod: b, error: 'HTTP 503' }, { pod: c, notReady: true }],
    );
    expect(two.flow).toMatchObject({ measuredPods: 1, exportedPerSecond: 1, flowing: true });
    expect(two.flow.pods.slice(1)).toEqual([
      { pod: 'gateway-b', state: 'unreadable', error: 'HTTP 503' },
      { pod: 'gateway-c', state: 'not-ready' },
    ]);
    expect([...two.next.keys()]).toEqual(['uid-gateway-a']);
  });

  it('does not compute a rate over a read that is too old, and drops pods that are gone', () => {
    const a = pod('gateway-a');
    const old = new Map<string, CounterSample>([
      ['uid-gateway-a', { at: 0, totals: { received: 0, exported: 0, failed: 0, byExporter: {} } }],
      ['uid-gone', { at: 0, totals: { received: 0, exported: 0, failed: 0, byExporter: {} } }],
    ]);
    const { flow, next } = foldReadings('gateway', old, [{ pod: a, text: metrics(10, 10) }], MAX_SAMPLE_AGE_MS + 1);
    expect(flow.pods[0].state).toBe('first-sample');
    expect([...next.keys()]).toEqual(['uid-gateway-a']);
  });

  it('treats a new pod with an old pod’s name as a new pod (by uid)', () => {
    const first = foldReadings('gateway', new Map(), [{ pod: pod('g'), text: metrics(100, 100) }], 0);
    const again = foldReadings('gateway', first.next, [{ pod: { name: 'g', uid: 'other', ready: true }, text: metrics(1, 1) }], 5000);
    expect(again.flow.pods[0].state).toBe('first-sample');
  });
});
