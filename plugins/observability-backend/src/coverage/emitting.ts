import type { Workload } from '@internal/plugin-observability-common';

/** How recent a service's last span must be for its workloads to count as `emitting`. */
export const EMITTING_WINDOW_MINUTES = 15;

/** Whether spans of `service` (its `service.name`) reached Tempo within the window. */
export type EmittingCheck = (service: string) => Promise<boolean>;

/**
 * Coverage's last step: rolled-out workloads become `emitting` once their service's spans are
 * in Tempo. Tempo is asked only when some workload is rolled out, and at most once per call.
 * When Tempo cannot answer, the workloads keep the state the cluster proves.
 */
export async function withEmitting(
  workloads: Workload[],
  serviceName: () => string,
  emitting: EmittingCheck | undefined,
): Promise<Workload[]> {
  if (!emitting || !workloads.some(w => w.coverage === 'rolled-out')) return workloads;
  const seen = await emitting(serviceName()).catch(() => false);
  if (!seen) return workloads;
  return workloads.map(w => (w.coverage === 'rolled-out' ? { ...w, coverage: 'emitting' } : w));
}
