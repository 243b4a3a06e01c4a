import {
  FIELD_MANAGER,
  RESTARTED_AT_ANNOTATION,
  type WorkloadKind,
} from '@internal/plugin-observability-common';
import { PatchStrategy, setHeaderOptions, type KubernetesObject } from '@kubernetes/client-node';
import type { ClusterClient } from '../clusters/ClusterRegistry';
import { fieldConflicts, kubeErrorDetails, type FieldConflict } from '../clusters/kubeErrors';
import { readMarker } from './marker';
import type { WorkloadPlan } from './plan';
import {
  API_VERSIONS,
  nestAt,
  podTemplateOf,
  templatePath,
  templatePointer,
  type WorkloadObject,
} from './workloadObject';

/** How one apply or uninstrument ended, with each step it took. */
export interface ChangeResult {
  outcome: 'applied' | 'unchanged' | 'conflict' | 'failed';
  message: string;
  steps: Array<{ step: string; ok: boolean; error?: string }>;
  conflicts: FieldConflict[];
  /** API requests made, for the benchmark's budget. */
  requests: number;
}

type JsonPatchOp = { op: 'test' | 'remove' | 'add' | 'replace'; path: string; value?: unknown };

/** JSON patch through the typed API: the object API derives its URL from the body. */
async function jsonPatch(
  client: ClusterClient,
  kind: WorkloadKind,
  namespace: string,
  name: string,
  body: JsonPatchOp[],
): Promise<void> {
  const options = setHeaderOptions('Content-Type', PatchStrategy.JsonPatch);
  const args = { name, namespace, body, fieldManager: FIELD_MANAGER };
  switch (kind) {
    case 'Deployment':
      await client.apps.patchNamespacedDeployment(args, options);
      return;
    case 'StatefulSet':
      await client.apps.patchNamespacedStatefulSet(args, options);
      return;
    case 'DaemonSet':
      await client.apps.patchNamespacedDaemonSet(args, options);
      return;
    case 'CronJob':
      await client.batch.patchNamespacedCronJob(args, options);
      return;
    default:
      throw new Error(`unsupported kind ${kind satisfies never}`);
  }
}

/** Reads the live workload. */
export async function readWorkload(
  client: ClusterClient,
  kind: WorkloadKind,
  namespace: string,
  name: string,
): Promise<WorkloadObject> {
  return (await client.objects.read({
    apiVersion: API_VERSIONS[kind],
    kind,
    metadata: { name, namespace },
  })) as WorkloadObject;
}

function restartAnnotation(kind: WorkloadKind): Record<string, unknown> {
  return nestAt([...templatePath(kind), 'metadata', 'annotations'], {
    [RESTARTED_AT_ANNOTATION]: new Date().toISOString(),
  });
}

/**
 * Applies a plan: one server-side apply under the product's field manager (never forced, so
 * a field another manager owns is reported as a conflict and nothing changes), then, only
 * when the owner already sets JAVA_TOOL_OPTIONS/NODE_OPTIONS/PYTHONPATH, one JSON patch
 * guarded by `test` ops that moves that var after the agent's and extends it.
 */
export async function applyPlan(client: ClusterClient, plan: WorkloadPlan): Promise<ChangeResult> {
  const result: ChangeResult = { outcome: 'applied', message: '', steps: [], conflicts: [], requests: 0 };
  if (!plan.revision) {
    return { ...result, outcome: 'unchanged', message: 'Nothing to instrument in this workload' };
  }
  if (plan.appliedRevision === plan.revision) {
    return { ...result, outcome: 'unchanged', message: 'Already instrumented with this configuration' };
  }
  if (plan.appliedRevision) {
    // Re-instrumenting with another configuration: the plan's takeovers are positions in the
    // owner's template, so first put the owner's vars back where the owner wrote them.
    result.requests++;
    const restored = await restoreTakeovers(
      client,
      plan.kind,
      await readWorkload(client, plan.kind, plan.namespace, plan.name),
    );
    result.requests += restored.requests;
    result.steps.push(...restored.steps);
    if (restored.steps.some(step => !step.ok)) {
      return {
        ...result,
        outcome: 'failed',
        message: `Not applied: the owner's env vars could not be put back before re-instrumenting (${restored.steps.at(-1)?.error}). The workload keeps its previous instrumentation.`,
      };
    }
  }
  for (const companion of plan.companionObjects) {
    try {
      result.requests++;
      await client.objects.patch(
        companion as KubernetesObject,
        undefined,
        undefined,
        FIELD_MANAGER,
        false,
        PatchStrategy.ServerSideApply,
      );
      result.steps.push({ step: `server-side apply of ${companion.kind}`, ok: true });
    } catch (error) {
      const details = kubeErrorDetails(error);
      return {
        ...result,
        outcome: 'failed',
        steps: [...result.steps, { step: `server-side apply of ${companion.kind}`, ok: false, error: details.message }],
        message: `Not applied: the ${companion.kind} resource could not be written (${details.message}). The workload was not changed.`,
      };
    }
  }
  const body = plan.applyConfiguration as any;
  const withRestart = {
    ...body,
    ...nestAt(templatePath(plan.kind), {
      ...podTemplateOf(plan.kind, body),
      metadata: {
        annotations: {
          ...podTemplateOf(plan.kind, body).metadata?.annotations,
          [RESTARTED_AT_ANNOTATION]: new Date().toISOString(),
        },
      },
    }),
  };
  try {
    result.requests++;
    await client.objects.patch(
      withRestart as KubernetesObject,
      undefined,
      undefined,
      FIELD_MANAGER,
      false,
      PatchStrategy.ServerSideApply,
    );
    result.steps.push({ step: 'server-side apply of the agent', ok: true });
  } catch (error) {
    const details = kubeErrorDetails(error);
    const conflicts = details.code === 409 ? fieldConflicts(details) : [];
    return {
      ...result,
      outcome: conflicts.length ? 'conflict' : 'failed',
      conflicts,
      steps: [{ step: 'server-side apply of the agent', ok: false, error: details.message }],
      message: conflicts.length
        ? `Not applied: ${conflicts.length} field(s) are owned by another manager (${[
            ...new Set(conflicts.map(c => c.manager)),
          ].join(', ')}). Nothing was changed; export the patch for GitOps instead.`
        : `Not applied: ${details.message}. Nothing was changed.`,
    };
  }

  if (plan.envTakeovers.length) {
    const ops: JsonPatchOp[] = [];
    const containersPath = `${templatePointer(plan.kind)}/spec/containers`;
    // Remove from the highest index down so earlier indexes stay valid, then append the
    // extended values after the OTEL_ORIGINAL_* vars the apply added.
    const ordered = [...plan.envTakeovers].sort((a, b) => b.index - a.index);
    // The plan was made from the live object just before; `test` ops catch any change since.
    const containerIndex = (name: string) => plan.containers.findIndex(c => c.container === name);
    for (const takeover of ordered) {
      const path = `${containersPath}/${containerIndex(takeover.container)}/env/${takeover.index}`;
      ops.push({ op: 'test', path, value: takeover.original }, { op: 'remove', path });
    }
    for (const takeover of plan.envTakeovers) {
      ops.push({
        op: 'add',
        path: `${containersPath}/${containerIndex(takeover.container)}/env/-`,
        value: takeover.replacement,
      });
    }
    try {
      result.requests++;
      await jsonPatch(client, plan.kind, plan.namespace, plan.name, ops);
      result.steps.push({
        step: `extend ${plan.envTakeovers.map(t => t.name).join(', ')}`,
        ok: true,
      });
    } catch (error) {
      const details = kubeErrorDetails(error);
      result.steps.push({ step: 'extend existing env vars', ok: false, error: details.message });
      // Undo the apply so the workload is exactly as before, then say what happened.
      const undo = await removeOwnedFields(client, plan.kind, plan.namespace, plan.name);
      result.requests += undo.requests;
      result.steps.push(...undo.steps);
      return {
        ...result,
        outcome: 'failed',
        message: `Not applied: the owner's ${plan.envTakeovers
          .map(t => t.name)
          .join(', ')} changed while applying (${details.message}). The agent was removed again.`,
      };
    }
  }
  result.message = `Instrumented ${plan.kind}/${plan.name}; the rollout restarts its pods`;
  return result;
}

/** Server-side apply of nothing but a restart: Kubernetes drops every field the product owned. */
async function removeOwnedFields(
  client: ClusterClient,
  kind: WorkloadKind,
  namespace: string,
  name: string,
): Promise<Pick<ChangeResult, 'steps' | 'requests'>> {
  try {
    await client.objects.patch(
      {
        apiVersion: API_VERSIONS[kind],
        kind,
        metadata: { name, namespace },
        ...restartAnnotation(kind),
      } as KubernetesObject,
      undefined,
      undefined,
      FIELD_MANAGER,
      false,
      PatchStrategy.ServerSideApply,
    );
    return { steps: [{ step: 'remove the fields the product owns', ok: true }], requests: 1 };
  } catch (error) {
    return {
      steps: [{ step: 'remove the fields the product owns', ok: false, error: kubeErrorDetails(error).message }],
      requests: 1,
    };
  }
}

/**
 * Puts back every env var the product extended (exact entry, original position, guarded by
 * `test`), so the owner's vars sit where the owner wrote them. The product's own fields stay.
 */
async function restoreTakeovers(
  client: ClusterClient,
  kind: WorkloadKind,
  live: WorkloadObject,
): Promise<Pick<ChangeResult, 'steps' | 'requests'>> {
  const template = podTemplateOf(kind, live);
  const marker = readMarker(template.metadata?.annotations);
  if (!marker?.takeovers?.length) return { steps: [], requests: 0 };
  const containers = template.spec?.containers ?? [];
  const containersPath = `${templatePointer(kind)}/spec/containers`;
  const ops: JsonPatchOp[] = [];
  // Remove the extended vars (found by name), then re-insert the originals lowest index first.
  const removals = marker.takeovers
    .map(t => {
      const ci = containers.findIndex(c => c.name === t.container);
      const ei = containers[ci]?.env?.findIndex(e => e.name === t.name) ?? -1;
      return { t, ci, ei };
    })
    .filter(r => r.ci >= 0 && r.ei >= 0)
    .sort((a, b) => b.ei - a.ei);
  for (const { ci, ei } of removals) {
    const path = `${containersPath}/${ci}/env/${ei}`;
    ops.push({ op: 'test', path, value: containers[ci].env![ei] }, { op: 'remove', path });
  }
  for (const { t, ci } of [...removals].sort((a, b) => a.t.index - b.t.index)) {
    ops.push({ op: 'add', path: `${containersPath}/${ci}/env/${t.index}`, value: t.original });
  }
  const step = `restore ${marker.takeovers.map(t => t.name).join(', ')}`;
  try {
    const { name, namespace } = live.metadata as { name: string; namespace: string };
    await jsonPatch(client, kind, namespace, name, ops);
    return { steps: [{ step, ok: true }], requests: 1 };
  } catch (error) {
    return { steps: [{ step, ok: false, error: kubeErrorDetails(error).message }], requests: 1 };
  }
}

/**
 * Returns the workload to what its owner wrote: first puts back every env var it extended
 * (exact entry, original position, guarded by `test`), then applies an empty configuration
 * under the product's field manager so Kubernetes removes exactly the fields the product owned.
 */
export async function uninstrument(
  client: ClusterClient,
  kind: WorkloadKind,
  namespace: string,
  name: string,
): Promise<ChangeResult> {
  const result: ChangeResult = { outcome: 'applied', message: '', steps: [], conflicts: [], requests: 0 };
  const live = await readWorkload(client, kind, namespace, name);
  result.requests++;
  const template = podTemplateOf(kind, live);
  const marker = readMarker(template.metadata?.annotations);
  if (!marker) {
    return { ...result, outcome: 'unchanged', message: `${kind}/${name} is not instrumented by the portal` };
  }
  const restored = await restoreTakeovers(client, kind, live);
  result.requests += restored.requests;
  result.steps.push(...restored.steps);
  if (restored.steps.some(step => !step.ok)) {
    return {
      ...result,
      outcome: 'failed',
      message: `Not removed: restoring the owner's env vars failed (${restored.steps.at(-1)?.error}). Nothing else was changed.`,
    };
  }
  const removal = await removeOwnedFields(client, kind, namespace, name);
  result.requests += removal.requests;
  result.steps.push(...removal.steps);
  const failed = removal.steps.some(s => !s.ok);
  return {
    ...result,
    outcome: failed ? 'failed' : 'applied',
    message: failed
      ? `Partly removed: env vars were restored but the agent's fields could not be removed (${removal.steps[0].error})`
      : `Removed the agent from ${kind}/${name}; the rollout restarts its pods`,
  };
}

