import type { CollectorSpanFlow, PodSpanRates } from '@internal/plugin-observability-common';
import { withTimeout } from '../../util/withTimeout';
import { kubeErrorMessage } from './kube';
import { parseSpanTotals, podRates, sumRates, type CounterSample, type PodRates } from './spanMetrics';

/** A collector pod as listed from the cluster. */
export interface CollectorPod {
  name: string;
  /** Identifies the pod across reads (a new pod with the same name is another pod). */
  uid: string;
  ready: boolean;
}

/** What one read of one pod gave: its metrics text, or why there is none. */
export type PodReading =
  | { pod: CollectorPod; text: string }
  | { pod: CollectorPod; error: string }
  | { pod: CollectorPod; notReady: true };

/** Which counter says spans pass: the gateway exports them, a node collector accepts them. */
export type CollectorRole = 'gateway' | 'node';

/** A component's flow plus what the overview needs and the API does not return. */
export interface ComponentFlow extends CollectorSpanFlow {
  /** Exported spans per second per exporter id, over the measured pods. */
  byExporter?: Record<string, number>;
}

/** Reads older than this are not used for a rate (the interval would hide any recent change). */
export const MAX_SAMPLE_AGE_MS = 10 * 60_000;

/**
 * Folds one round of reads into per-pod rates and their sums. `previous` holds the last read of
 * each pod by uid; the returned `next` replaces it (pods that are gone are dropped). Pure.
 */
export function foldReadings(
  role: CollectorRole,
  previous: ReadonlyMap<string, CounterSample>,
  readings: PodReading[],
  at: number,
): { flow: ComponentFlow; next: Map<string, CounterSample> } {
  const next = new Map<string, CounterSample>();
  const pods: PodSpanRates[] = [];
  const measured: PodRates[] = [];
  let allZero = true;
  let firstSamples = 0;
  for (const reading of readings) {
    const pod = reading.pod.name;
    if ('notReady' in reading) {
      pods.push({ pod, state: 'not-ready' });
      continue;
    }
    if ('error' in reading) {
      pods.push({ pod, state: 'unreadable', error: reading.error });
      continue;
    }
    const current: CounterSample = { at, totals: parseSpanTotals(reading.text) };
    next.set(reading.pod.uid, current);
    const before = previous.get(reading.pod.uid);
    if (!before || at - before.at > MAX_SAMPLE_AGE_MS || at <= before.at) {
      firstSamples++;
      const counter = role === 'gateway' ? current.totals.exported : current.totals.received;
      if (counter > 0) allZero = false;
      pods.push({ pod, state: 'first-sample' });
      continue;
    }
    const rates = podRates(before, current);
    measured.push(rates);
    pods.push({
      pod,
      state: 'measured',
      acceptedPerSecond: rates.accepted,
      exportedPerSecond: rates.exported,
      failedPerSecond: rates.failed,
      ...(rates.restarted ? { restarted: true } : {}),
    });
  }
  if (measured.length === 0) {
    // Counters still at zero on every pod read so far: nothing has passed yet.
    const flowing = firstSamples > 0 && allZero ? false : undefined;
    return { flow: { flowing, measuredPods: 0, pods }, next };
  }
  const sum = sumRates(measured);
  const passing = role === 'gateway' ? sum.exported : sum.accepted;
  // A positive rate on the measured pods is flowing whatever the rest do; zero is only
  // "not flowing" when every pod was measured.
  let flowing: boolean | undefined = passing > 0;
  if (!flowing && measured.length < readings.length) flowing = undefined;
  return {
    flow: {
      flowing,
      acceptedPerSecond: sum.accepted,
      exportedPerSecond: sum.exported,
      failedPerSecond: sum.failed,
      measuredPods: measured.length,
      pods,
      byExporter: sum.byExporter,
    },
    next,
  };
}

/** Reads one collector pod's Prometheus metrics (the text of its `/metrics`). */
export type PodMetricsReader = (cluster: string, pod: string) => Promise<string>;

/**
 * Samples the span counters of a component's pods, each pod on its own, and keeps the previous
 * read per pod so the next status read has rates. Reads run a few at a time within one time
 * budget, so a cluster with many nodes answers in bounded time (pods not reached are reported).
 */
export class SpanFlowSampler {
  private readonly samples = new Map<string, Map<string, CounterSample>>();
  private readonly lastFlow = new Map<string, { at: number; flow: ComponentFlow }>();

  constructor(
    private readonly options: {
      read: PodMetricsReader;
      /** Budget for one round of reads of a component. */
      timeoutMs: number;
      concurrency?: number;
      /**
       * Reads closer together than this reuse the last result: two status reads a moment apart
       * (the settings page loads status and overview together) would give a meaningless rate.
       */
      minIntervalMs?: number;
      now?: () => number;
    },
  ) {}

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  async sample(cluster: string, role: CollectorRole, pods: CollectorPod[]): Promise<ComponentFlow> {
    const key = `${cluster}\u0000${role}`;
    const start = this.now();
    const last = this.lastFlow.get(key);
    const samePods = last && last.flow.pods.map(p => p.pod).join() === pods.map(p => p.name).join();
    if (last && samePods && start - last.at < (this.options.minIntervalMs ?? 5000)) return last.flow;

    const readings = await this.readAll(cluster, pods, start);
    const at = this.now();
    const { flow, next } = foldReadings(role, this.samples.get(key) ?? new Map(), readings, at);
    this.samples.set(key, next);
    this.lastFlow.set(key, { at, flow });
    return flow;
  }

  private async readAll(cluster: string, pods: CollectorPod[], start: number): Promise<PodReading[]> {
    const deadline = start + this.options.timeoutMs;
    const readings: PodReading[] = new Array(pods.length);
    let nextIndex = 0;
    const worker = async () => {
      while (nextIndex < pods.length) {
        const i = nextIndex++;
        const pod = pods[i];
        if (!pod.ready) {
          readings[i] = { pod, notReady: true };
          continue;
        }
        const left = deadline - this.now();
        if (left <= 0) {
          readings[i] = { pod, error: `not read: the ${this.options.timeoutMs} ms budget for all pods ran out` };
          continue;
        }
        try {
          readings[i] = { pod, text: await withTimeout(this.options.read(cluster, pod.name), left, `metrics of ${pod.name}`) };
        } catch (e) {
          readings[i] = { pod, error: kubeErrorMessage(e) };
        }
      }
    };
    const workers = Math.min(this.options.concurrency ?? 8, pods.length);
    await Promise.all(Array.from({ length: workers }, worker));
    return readings;
  }
}
