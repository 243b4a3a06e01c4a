import { INSTRUMENTATION_ANNOTATION } from '@internal/plugin-observability-common';
import type { V1EnvVar, V1PodTemplateSpec } from '@kubernetes/client-node';

/** The product's record on the pod template: what it added, and how to undo takeovers. */
export interface InstrumentationMarker {
  containers: Record<string, string>;
  revision: string;
  /** Env var names the product added, per container. */
  addedEnv?: Record<string, string[]>;
  /** Init containers and volumes the product added (mounts use the volume names). */
  addedInit?: string[];
  addedVolumes?: string[];
  takeovers?: Array<{ container: string; name: string; index: number; original: V1EnvVar }>;
}

export function readMarker(
  annotations: Record<string, string> | undefined,
): InstrumentationMarker | undefined {
  const raw = annotations?.[INSTRUMENTATION_ANNOTATION];
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw);
    return typeof parsed?.revision === 'string' ? (parsed as InstrumentationMarker) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The template as its owner wrote it, reconstructed from an instrumented one: the product's
 * env vars, mounts, init containers and volumes removed, extended vars put back. Planning
 * against this view makes a re-plan of an instrumented workload produce the same revision.
 */
export function ownerView(template: V1PodTemplateSpec, marker: InstrumentationMarker): V1PodTemplateSpec {
  const view: V1PodTemplateSpec = JSON.parse(JSON.stringify(template));
  const annotations = { ...view.metadata?.annotations };
  delete annotations[INSTRUMENTATION_ANNOTATION];
  view.metadata = { ...view.metadata, annotations };
  const init = new Set(marker.addedInit ?? []);
  const volumes = new Set(marker.addedVolumes ?? []);
  if (view.spec) {
    view.spec.initContainers = view.spec.initContainers?.filter(c => !init.has(c.name));
    if (!view.spec.initContainers?.length) delete view.spec.initContainers;
    view.spec.volumes = view.spec.volumes?.filter(v => !volumes.has(v.name));
    if (!view.spec.volumes?.length) delete view.spec.volumes;
    view.spec.containers = view.spec.containers.map(container => {
      const added = new Set(marker.addedEnv?.[container.name] ?? []);
      const takeovers = (marker.takeovers ?? [])
        .filter(t => t.container === container.name)
        .sort((a, b) => a.index - b.index);
      const env = (container.env ?? []).filter(
        e => !added.has(e.name) && !takeovers.some(t => t.name === e.name),
      );
      takeovers.forEach(t => env.splice(t.index, 0, t.original));
      const mounts = container.volumeMounts?.filter(m => !volumes.has(m.name));
      return {
        ...container,
        ...(env.length ? { env } : { env: undefined }),
        ...(mounts?.length ? { volumeMounts: mounts } : { volumeMounts: undefined }),
      };
    });
  }
  return view;
}
