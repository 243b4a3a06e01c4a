import type { WorkloadKind } from '@internal/plugin-observability-common';
import type { V1PodTemplateSpec } from '@kubernetes/client-node';

/** A workload as the API server returns it (Deployment, StatefulSet, DaemonSet, CronJob). */
export interface WorkloadObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name?: string;
    namespace?: string;
    annotations?: Record<string, string>;
    managedFields?: Array<{ manager?: string; operation?: string; fieldsV1?: unknown }>;
    resourceVersion?: string;
  };
  spec?: any;
}

export const API_VERSIONS: Record<WorkloadKind, string> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  CronJob: 'batch/v1',
};

/** Where the pod template sits: CronJobs nest it one level deeper. */
export function templatePath(kind: WorkloadKind): string[] {
  return kind === 'CronJob'
    ? ['spec', 'jobTemplate', 'spec', 'template']
    : ['spec', 'template'];
}

export function podTemplateOf(kind: WorkloadKind, object: WorkloadObject): V1PodTemplateSpec {
  let node: any = object;
  for (const key of templatePath(kind)) node = node?.[key];
  return (node ?? {}) as V1PodTemplateSpec;
}

/** `{a: {b: value}}` for path `['a', 'b']`. */
export function nestAt(path: string[], value: unknown): Record<string, unknown> {
  return path.reduceRight<any>((inner, key) => ({ [key]: inner }), value);
}

/** RFC 6901 pointer to the template (for JSON patches). */
export function templatePointer(kind: WorkloadKind): string {
  return `/${templatePath(kind).join('/')}`;
}
