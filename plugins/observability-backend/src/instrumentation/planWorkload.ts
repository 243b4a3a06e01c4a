import {
  INSTRUMENTATION_ANNOTATION,
  type ContainerDetection,
  type WorkloadKind,
} from '@internal/plugin-observability-common';
import type { V1Container, V1EnvVar, V1PodTemplateSpec, V1Volume } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import { ownerView, readMarker, type InstrumentationMarker } from './marker';
import type { ContainerPlan, EnvTakeover, WorkloadPlan } from './plan';
import {
  operatorAnnotations,
  operatorInstrumentation,
  operatorLanguage,
} from './operatorStrategy';
import { strategyFor, type EnvExtension } from './strategies';
import {
  API_VERSIONS,
  nestAt,
  podTemplateOf,
  templatePath,
  type WorkloadObject,
} from './workloadObject';

export interface PlanInput {
  cluster: string;
  kind: WorkloadKind;
  object: WorkloadObject;
  /** Detected language per container name. */
  detections: Record<string, ContainerDetection>;
  service: { name: string; namespace?: string };
  sampling: { ratio: number; propagators: string[] };
  /**
   * `inject` (default): the agent goes into the pod template directly. `operator`: the
   * OpenTelemetry Operator injects it, asked by annotations and an Instrumentation resource.
   */
  mode?: 'inject' | 'operator';
}

function decide(container: V1Container, detection: ContainerDetection | undefined): ContainerPlan {
  const base = { container: container.name, language: detection?.language ?? 'unknown' } as const;
  if (!detection) {
    return { ...base, action: 'refuse', reason: 'no detection for this container', requiresConfirmation: [] };
  }
  const otel = detection.otherAgents.find(a => a.vendor === 'opentelemetry');
  if (otel) {
    return {
      ...base,
      action: 'already-instrumented',
      reason: `${otel.name} is already present (${otel.evidence}); leaving it alone`,
      requiresConfirmation: [],
    };
  }
  const strategy = strategyFor(detection.language);
  if (!strategy) {
    return {
      ...base,
      action: 'refuse',
      reason: `no agent can instrument a container whose language is ${detection.language}`,
      requiresConfirmation: [],
    };
  }
  const vendors = detection.otherAgents;
  return {
    ...base,
    strategy: strategy.id,
    action: 'instrument',
    reason:
      strategy.id === 'ebpf'
        ? `${detection.language} is compiled: the eBPF agent instruments it from outside the pod`
        : `${`${detection.language} ${detection.runtimeVersion ?? ''}`.trim()} → OpenTelemetry ${
            strategy.id
          } agent injected by an init container`,
    requiresConfirmation: vendors.length
      ? [`other-agent:${container.name}`]
      : [],
  };
}

function extensionValue(ext: EnvExtension, originalRef: string): string {
  return ext.position === 'append'
    ? `${originalRef}${ext.separator}${ext.value}`
    : `${ext.value}${ext.separator}${originalRef}`;
}

const hash = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12);

/** Plans instrumenting one workload: pure, so a dry run and the apply use the same result. */
export function planWorkload(input: PlanInput): WorkloadPlan {
  const { kind, object } = input;
  const liveTemplate = podTemplateOf(kind, object);
  const liveMarker = readMarker(liveTemplate.metadata?.annotations);
  // Plan against what the owner wrote, so planning an instrumented workload is stable.
  const template = liveMarker ? ownerView(liveTemplate, liveMarker) : liveTemplate;
  const containers = template.spec?.containers ?? [];
  const refusals = new Map<string, string>();
  const decisions = containers.map(c => decide(c, input.detections[c.name]));

  const initContainers = new Map<string, V1Container>();
  const volumes = new Map<string, V1Volume>();
  const containerEntries: V1Container[] = [];
  const takeovers: EnvTakeover[] = [];
  const strategies: Record<string, string> = {};
  const operatorContainers = new Map<string, string[]>();

  for (const [i, container] of containers.entries()) {
    const decision = decisions[i];
    if (decision.action !== 'instrument' || !decision.strategy) continue;
    const detection = input.detections[container.name];
    const strategy = strategyFor(detection.language)!;
    const ctx = {
      serviceName: input.service.name,
      serviceNamespace: input.service.namespace,
      workload: { kind, name: object.metadata.name ?? '', namespace: object.metadata.namespace ?? 'default' },
      container,
      detection,
      sampling: input.sampling,
    };
    const unsupported = strategy.unsupportedReason(ctx);
    if (unsupported) {
      refusals.set(container.name, unsupported);
      continue;
    }
    strategies[container.name] = strategy.id;
    if (strategy.id === 'ebpf') continue;
    const operatorLang = input.mode === 'operator' ? operatorLanguage(strategy.id) : undefined;
    if (operatorLang) {
      strategies[container.name] = `operator-${strategy.id}`;
      operatorContainers.set(operatorLang, [...(operatorContainers.get(operatorLang) ?? []), container.name]);
      continue;
    }

    const injection = strategy.inject(ctx);
    injection.initContainers.forEach(c => initContainers.set(c.name, c));
    injection.volumes.forEach(v => volumes.set(v.name, v));
    const ownerEnv = container.env ?? [];
    const ownerNames = new Set(ownerEnv.map(e => e.name));
    // Like the Operator's appendIfNotSet: a value the owner set wins over the agent's default.
    const env: V1EnvVar[] = injection.env.filter(e => !ownerNames.has(e.name));
    for (const ext of injection.envExtensions) {
      const index = ownerEnv.findIndex(e => e.name === ext.name);
      if (index === -1) {
        env.push({ name: ext.name, value: ext.value });
        continue;
      }
      const originalName = `OTEL_ORIGINAL_${ext.name}`;
      const original = ownerEnv[index];
      env.push({ ...original, name: originalName });
      takeovers.push({
        container: container.name,
        name: ext.name,
        index,
        original,
        replacement: { name: ext.name, value: extensionValue(ext, `$(${originalName})`) },
      });
    }
    containerEntries.push({ name: container.name, env, volumeMounts: injection.volumeMounts });
  }

  const finalDecisions = decisions.map(d =>
    refusals.has(d.container)
      ? { ...d, action: 'refuse' as const, strategy: undefined, reason: refusals.get(d.container)!, requiresConfirmation: [] }
      : d,
  );
  const hasWork = Object.keys(strategies).length > 0;
  const content = {
    strategies,
    operator: [...operatorContainers.entries()],
    init: [...initContainers.values()],
    volumes: [...volumes.values()],
    containerEntries,
    takeovers: takeovers.map(t => [t.container, t.name, t.replacement.value]),
  };
  const revision = hasWork ? hash(content) : '';
  const marker: InstrumentationMarker = {
    containers: strategies,
    revision,
    ...(containerEntries.length
      ? {
          addedEnv: Object.fromEntries(
            containerEntries.map(c => [c.name, (c.env ?? []).map(e => e.name)]),
          ),
          addedInit: [...initContainers.keys()],
          addedVolumes: [...volumes.keys()],
        }
      : {}),
    ...(takeovers.length
      ? { takeovers: takeovers.map(({ container, name, index, original }) => ({ container, name, index, original })) }
      : {}),
  };

  const templatePatch: V1PodTemplateSpec = {
    metadata: {
      annotations: {
        ...operatorAnnotations(operatorContainers),
        [INSTRUMENTATION_ANNOTATION]: JSON.stringify(marker),
      },
    },
    spec: {
      ...(initContainers.size ? { initContainers: [...initContainers.values()] } : {}),
      ...(volumes.size ? { volumes: [...volumes.values()] } : {}),
      containers: containerEntries,
    } as V1PodTemplateSpec['spec'],
  };
  const applyConfiguration = hasWork
    ? {
        apiVersion: API_VERSIONS[kind],
        kind,
        metadata: { name: object.metadata.name, namespace: object.metadata.namespace },
        ...nestAt(templatePath(kind), templatePatch),
      }
    : {};

  return {
    cluster: input.cluster,
    namespace: object.metadata.namespace ?? 'default',
    kind,
    name: object.metadata.name ?? '',
    containers: finalDecisions,
    applyConfiguration,
    envTakeovers: takeovers,
    revision,
    appliedRevision: liveMarker?.revision,
    diff: hasWork ? templateDiff(`${kind}/${object.metadata.name}`, template, templatePatch, takeovers) : '',
    usesEbpf: Object.values(strategies).includes('ebpf'),
    companionObjects: operatorContainers.size
      ? [operatorInstrumentation(object.metadata.namespace ?? 'default', input.sampling)]
      : [],
  };
}

/** What the template will look like, for the diff: the product's additions merged in. */
export function mergedTemplate(
  template: V1PodTemplateSpec,
  patch: V1PodTemplateSpec,
  takeovers: EnvTakeover[],
): V1PodTemplateSpec {
  const merged: V1PodTemplateSpec = JSON.parse(JSON.stringify(template));
  merged.metadata = {
    ...merged.metadata,
    annotations: { ...merged.metadata?.annotations, ...patch.metadata?.annotations },
  };
  const spec = (merged.spec ??= { containers: [] });
  const byName = <T extends { name: string }>(list: T[] | undefined, add: T[] | undefined) => [
    ...(list ?? []).filter(x => !(add ?? []).some(a => a.name === x.name)),
    ...(add ?? []),
  ];
  if (patch.spec?.initContainers) spec.initContainers = byName(spec.initContainers, patch.spec.initContainers);
  if (patch.spec?.volumes) spec.volumes = byName(spec.volumes, patch.spec.volumes);
  spec.containers = spec.containers.map(container => {
    const entry = patch.spec?.containers.find(c => c.name === container.name);
    if (!entry) return container;
    const mine = takeovers.filter(t => t.container === container.name);
    const env = byName(container.env, entry.env).filter(e => !mine.some(t => t.name === e.name));
    return {
      ...container,
      env: [...env, ...mine.map(t => t.replacement)],
      volumeMounts: byName(container.volumeMounts, entry.volumeMounts),
    };
  });
  return merged;
}

function templateDiff(
  label: string,
  template: V1PodTemplateSpec,
  patch: V1PodTemplateSpec,
  takeovers: EnvTakeover[],
): string {
  return createTwoFilesPatch(
    `${label} (as its owner wrote it)`,
    `${label} (instrumented)`,
    stringify(template),
    stringify(mergedTemplate(template, patch, takeovers)),
    undefined,
    undefined,
    { context: 3 },
  );
}
