import type { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { ConflictError, InputError, ServiceUnavailableError } from '@backstage/errors';
import type {
  ChangeResultDto,
  GitOpsExport,
  InstrumentationRequest,
  Operation,
  PipelineDefaults,
  PlanResponse,
  WorkloadPlanDto,
  WorkloadRef,
} from '@internal/plugin-observability-common';
import { randomUUID } from 'node:crypto';
import type { ChangeLog } from '../changes/ChangeLog';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import { listRawWorkloads, type WorkloadResolver } from '../workloads/WorkloadResolver';
import { readMarker } from './marker';
import { applyPlan, uninstrument, type ChangeResult } from './applyInstrumentation';
import { GITOPS_INSTRUCTIONS, renderGitOpsPatch } from './gitOpsExport';
import type { WorkloadPlan } from './plan';
import { planWorkload } from './planWorkload';
import { watchRollout } from './RolloutWatcher';
import { checkOperator, toOperatorAvailability, type OperatorCheck } from './operatorAvailability';
import { OperationRecorder, type OperationStore } from './OperationStore';
import { NamespaceRollouts } from './NamespaceRollouts';
import type { WorkloadObject } from './workloadObject';

/** What the instrumentation module uses from the pipeline module. */
export interface PipelineHooks {
  /** Sampling and propagators an admin set for the cluster, else `fallback`. */
  getDefaults(cluster: string, fallback: PipelineDefaults): Promise<PipelineDefaults>;
  /** Replaces the eBPF agent's discovery rules with exactly these workloads. */
  syncEbpfWorkloads(
    cluster: string,
    workloads: Array<{ cluster: string; namespace: string; kind: string; name: string }>,
  ): Promise<boolean>;
}

export interface InstrumentationSettings {
  sampling: { ratio: number; propagators: PipelineDefaults['propagators'] };
  rollout: { timeoutMs: number; pollMs: number };
}

const refKey = (r: WorkloadRef) => `${r.cluster}/${r.kind}/${r.namespace}/${r.name}`;
const refOf = (p: WorkloadPlan): WorkloadRef => ({
  cluster: p.cluster,
  kind: p.kind,
  namespace: p.namespace,
  name: p.name,
});

/** Plan, apply, watch, roll back and remove instrumentation for an entity's workloads. */
export class InstrumentationService {
  private readonly namespaceRollouts = new NamespaceRollouts();

  constructor(
    private readonly deps: {
      clusters: ClusterRegistry;
      workloads: WorkloadResolver;
      changes: ChangeLog;
      /** Where operations live, so any replica answers for them. */
      operations: OperationStore;
      logger: LoggerService;
      settings: InstrumentationSettings;
      pipeline?: PipelineHooks;
    },
  ) {}

  /** The sampling a cluster's agents use: the admins' defaults, else the config's. */
  private async samplingFor(cluster: string): Promise<InstrumentationSettings['sampling']> {
    const { sampling } = this.deps.settings;
    if (!this.deps.pipeline) return sampling;
    try {
      const defaults = await this.deps.pipeline.getDefaults(cluster, {
        samplingRatio: sampling.ratio,
        propagators: sampling.propagators,
      });
      return { ratio: defaults.samplingRatio, propagators: defaults.propagators };
    } catch (error) {
      this.deps.logger.warn(`Using configured sampling for ${cluster}: ${error}`);
      return sampling;
    }
  }

  /**
   * Keeps the eBPF agent's discovery rules equal to the workloads whose template says a
   * container goes to it, read back from the cluster so every entity's workloads count.
   */
  private async syncEbpf(cluster: string): Promise<string | undefined> {
    if (!this.deps.pipeline) return undefined;
    try {
      const { raws } = await listRawWorkloads(this.deps.clusters.get(cluster), {});
      const routed = raws
        .filter(raw =>
          Object.values(readMarker(raw.template.metadata?.annotations)?.containers ?? {}).includes('ebpf'),
        )
        .map(raw => ({ cluster, namespace: raw.metadata.namespace ?? 'default', kind: raw.kind, name: raw.metadata.name ?? '' }));
      const synced = await this.deps.pipeline.syncEbpfWorkloads(cluster, routed);
      return synced
        ? undefined
        : `The eBPF agent is not installed in cluster ${cluster}: install the pipeline from the settings page so compiled workloads are traced`;
    } catch (error) {
      return `Could not update the eBPF agent's discovery rules in ${cluster}: ${(error as Error).message}`;
    }
  }

  /** Plans every selected workload; unknown workloads are an InputError naming them. */
  async plan(
    entity: Entity,
    request: InstrumentationRequest,
  ): Promise<{
    plans: WorkloadPlan[];
    clusterErrors: PlanResponse['clusterErrors'];
    /** Set when the Operator strategy was asked for (and so already checked). */
    operator?: OperatorCheck[];
  }> {
    const resolved = await this.deps.workloads.resolveWithObjects(entity);
    const clusterErrors = resolved
      .filter(c => c.error)
      .map(c => ({ cluster: c.cluster, error: c.error! }));
    const all = resolved.flatMap(c => c.workloads);
    const wanted = request.workloads ? new Set(request.workloads.map(refKey)) : undefined;
    if (request.workloads) this.checkClusters(request.workloads, clusterErrors);
    if (wanted) {
      const known = new Set(all.map(w => refKey(w.workload)));
      const unknown = [...wanted].filter(k => !known.has(k));
      if (unknown.length) {
        throw new InputError(
          `Not workloads of ${stringifyEntityRef(entity)}: ${unknown.join(', ')}`,
        );
      }
    }
    const operator =
      request.strategy === 'operator'
        ? await this.requireOperator([...new Set(all.map(w => w.workload.cluster))])
        : undefined;
    const system = entity.spec?.system;
    const selected = all.filter(w => !wanted || wanted.has(refKey(w.workload)));
    const sampling = new Map(
      await Promise.all(
        [...new Set(selected.map(w => w.workload.cluster))].map(
          async cluster => [cluster, await this.samplingFor(cluster)] as const,
        ),
      ),
    );
    const plans = selected
      .map(({ workload, object }) =>
        planWorkload({
          cluster: workload.cluster,
          kind: workload.kind,
          object: object as WorkloadObject,
          detections: Object.fromEntries(workload.containers.map(c => [c.name, c.detection])),
          service: {
            name: entity.metadata.name,
            namespace: typeof system === 'string'
              ? parseEntityRef(system, { defaultKind: 'system', defaultNamespace: 'default' }).name
              : undefined,
          },
          sampling: sampling.get(workload.cluster) ?? this.deps.settings.sampling,
          mode: request.strategy ?? 'inject',
        }),
      );
    return { plans, clusterErrors, operator };
  }

  /**
   * A named cluster must be configured and readable; otherwise its workloads would be
   * reported as not the entity's, which hides the real mistake.
   */
  private checkClusters(refs: WorkloadRef[], clusterErrors: PlanResponse['clusterErrors']): void {
    const known = new Set(this.deps.clusters.list().map(c => c.name));
    const named = [...new Set(refs.map(r => r.cluster))];
    const unknown = named.filter(name => !known.has(name));
    if (unknown.length) {
      throw new InputError(
        `Unknown cluster ${unknown.map(n => `'${n}'`).join(', ')} (known: ${[...known].join(', ') || 'none configured'})`,
      );
    }
    const unreadable = clusterErrors.filter(e => named.includes(e.cluster));
    if (unreadable.length) {
      throw new ServiceUnavailableError(
        `Cannot read cluster ${unreadable.map(e => `'${e.cluster}': ${e.error}`).join('; ')}`,
      );
    }
  }

  /** The Operator's availability in each named cluster, checked in parallel. */
  private async operatorChecks(clusters: string[]): Promise<OperatorCheck[]> {
    return Promise.all(clusters.map(name => checkOperator(this.deps.clusters.get(name))));
  }

  /** The Operator strategy needs the Operator: its Instrumentation CRD in every cluster. */
  private async requireOperator(clusters: string[]): Promise<OperatorCheck[]> {
    const checks = await this.operatorChecks(clusters);
    const failed = checks.filter(c => c.checkFailed);
    if (failed.length) throw new ServiceUnavailableError(failed.map(c => c.reason).join('; '));
    const missing = checks.filter(c => !c.installed);
    if (missing.length) {
      throw new InputError(`${missing.map(c => c.reason).join('; ')}; use the default strategy`);
    }
    return checks;
  }

  /**
   * The dry run the dialog shows, with the Operator's availability in each cluster of the
   * plan so the dialog offers that strategy only where it can work.
   */
  async planResponse(entity: Entity, request: InstrumentationRequest): Promise<PlanResponse> {
    const { plans, clusterErrors, operator } = await this.plan(entity, request);
    const checks = operator ?? (await this.operatorChecks([...new Set(plans.map(p => p.cluster))]));
    return {
      entityRef: stringifyEntityRef(entity),
      plans: plans.map(toDto),
      clusterErrors,
      operator: checks.map(toOperatorAvailability),
    };
  }

  /**
   * Applies the plan to every selected workload, then watches each rollout in the
   * background; a rollout whose new pods crash-loop or never become ready is rolled back.
   */
  async apply(entity: Entity, request: InstrumentationRequest, actor: string): Promise<Operation> {
    const { plans } = await this.plan(entity, request);
    const confirmed = new Set(request.confirm ?? []);
    const missing = plans
      .flatMap(p => p.containers.flatMap(c => c.requiresConfirmation))
      .filter(token => !confirmed.has(token));
    if (missing.length) {
      throw new ConflictError(
        `Confirmation required before applying: ${[...new Set(missing)].join(', ')}`,
      );
    }
    const recorder = await this.startOperation(entity, 'instrument');
    for (const plan of plans.filter(p => p.revision)) {
      const result = await applyPlan(this.deps.clusters.get(plan.cluster), plan);
      await this.recordResult(recorder, refOf(plan), result, 'instrument', actor);
    }
    await this.afterChange(recorder, plans);
    await this.watch(recorder, actor, true);
    return recorder.operation;
  }

  /** Removes the agent from every selected workload that the product instrumented. */
  async uninstrument(entity: Entity, request: InstrumentationRequest, actor: string): Promise<Operation> {
    const { plans } = await this.plan(entity, request);
    const recorder = await this.startOperation(entity, 'uninstrument');
    const removable = plans.filter(p => p.appliedRevision);
    for (const plan of removable) {
      const ref = refOf(plan);
      const result = await uninstrument(this.deps.clusters.get(plan.cluster), ref.kind, ref.namespace, ref.name);
      await this.recordResult(recorder, ref, result, 'uninstrument', actor);
    }
    await this.afterChange(recorder, removable);
    await this.watch(recorder, actor, false);
    return recorder.operation;
  }

  async exportGitOps(entity: Entity, request: InstrumentationRequest): Promise<GitOpsExport> {
    const { plans } = await this.plan(entity, request);
    return {
      entityRef: stringifyEntityRef(entity),
      yaml: renderGitOpsPatch(plans),
      instructions: GITOPS_INSTRUCTIONS,
    };
  }

  /** eBPF discovery follows every change that touched a compiled workload. */
  private async afterChange(recorder: OperationRecorder, plans: WorkloadPlan[]): Promise<void> {
    const { operation } = recorder;
    const clusters = new Set(plans.filter(p => p.usesEbpf).map(p => p.cluster));
    for (const cluster of clusters) {
      const problem = await this.syncEbpf(cluster);
      if (problem) {
        for (const result of operation.results.filter(r => r.workload.cluster === cluster)) {
          result.steps.push({ step: 'update the eBPF agent discovery rules', ok: false, error: problem });
        }
        recorder.changed();
      }
    }
  }

  /** The operation as stored, whichever replica runs it. */
  getOperation(id: string): Promise<Operation | undefined> {
    return this.deps.operations.get(id);
  }

  /** Resolves when an operation's background work has ended (for tests and shutdown). */
  async settled(id: string, timeoutMs: number): Promise<Operation | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const op = await this.getOperation(id);
      if (!op || op.state !== 'running') return op;
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    return this.getOperation(id);
  }

  private async startOperation(entity: Entity, action: Operation['action']): Promise<OperationRecorder> {
    const { pollMs } = this.deps.settings.rollout;
    const operation: Operation = {
      id: randomUUID(),
      entityRef: stringifyEntityRef(entity),
      action,
      state: 'running',
      results: [],
      rollouts: [],
      startedAt: new Date().toISOString(),
    };
    // Every write renews the lease; the watcher writes at least once per poll while it runs.
    const recorder = new OperationRecorder(this.deps.operations, operation, {
      leaseMs: Math.max(60_000, 10 * pollMs),
      minIntervalMs: pollMs,
      logger: this.deps.logger,
    });
    await recorder.start();
    return recorder;
  }

  private async recordResult(
    recorder: OperationRecorder,
    ref: WorkloadRef,
    result: ChangeResult,
    action: 'instrument' | 'uninstrument' | 'rollback',
    actor: string,
  ): Promise<void> {
    const dto: ChangeResultDto = {
      workload: ref,
      outcome: result.outcome,
      message: result.message,
      steps: result.steps,
      conflicts: result.conflicts,
    };
    const { operation } = recorder;
    if (action !== 'rollback') operation.results.push(dto);
    recorder.changed();
    await this.deps.changes.record([
      { operationId: operation.id, entityRef: operation.entityRef, action, actor, ...ref, outcome: result.outcome, message: result.message },
    ]);
  }

  /**
   * Stores the operation as applied, then watches every applied workload's rollout in the
   * background; rolls back failed instrumentations.
   */
  private async watch(recorder: OperationRecorder, actor: string, rollBackOnFailure: boolean): Promise<void> {
    const { operation } = recorder;
    const applied = operation.results.filter(r => r.outcome === 'applied');
    if (!applied.length) {
      operation.state = operation.results.some(r => r.outcome === 'conflict' || r.outcome === 'failed')
        ? 'failed'
        : 'succeeded';
      operation.finishedAt = new Date().toISOString();
      await recorder.flush();
      return;
    }
    operation.rollouts = applied.map(r => ({
      workload: r.workload,
      phase: 'progressing',
      desired: 0,
      updated: 0,
      ready: 0,
      message: 'Waiting for the controller',
    }));
    await recorder.flush();
    const run = async () => {
      // The controller has not seen the new template yet: the first look waits one poll.
      await new Promise(resolve => setTimeout(resolve, this.deps.settings.rollout.pollMs));
      // All of them counted before the first look, so a namespace's rollouts share it.
      const releases = operation.rollouts.map(rollout => this.namespaceRollouts.track(rollout.workload));
      const outcomes = await Promise.all(
        operation.rollouts.map(async (rollout, index) => {
          const client = this.deps.clusters.get(rollout.workload.cluster);
          const final = await watchRollout(client, rollout.workload, {
            ...this.deps.settings.rollout,
            onUpdate: state => {
              operation.rollouts[index] = { workload: rollout.workload, ...state };
              recorder.changed();
            },
            observe: () => this.namespaceRollouts.observe(client, rollout.workload),
          }).finally(releases[index]);
          if (final.phase === 'failed' && rollBackOnFailure) {
            const { kind, namespace, name } = rollout.workload;
            const undo = await uninstrument(client, kind, namespace, name);
            const message = `Rolled back automatically: ${final.message}`;
            operation.rollouts[index] = { workload: rollout.workload, ...final, phase: 'rolled-back', message };
            await this.recordResult(recorder, rollout.workload, { ...undo, message }, 'rollback', actor);
            return 'rolled-back';
          }
          return final.phase;
        }),
      );
      const failedApplies = operation.results.some(r => r.outcome === 'conflict' || r.outcome === 'failed');
      if (outcomes.includes('rolled-back')) operation.state = 'rolled-back';
      else if (outcomes.includes('failed') || failedApplies) operation.state = 'failed';
      else operation.state = 'succeeded';
      operation.finishedAt = new Date().toISOString();
      await recorder.flush();
    };
    run().catch(async error => {
      this.deps.logger.error(`Watching operation ${operation.id} failed: ${error}`);
      operation.state = 'failed';
      operation.finishedAt = new Date().toISOString();
      await recorder.flush().catch(() => undefined);
    });
  }
}

function toDto(plan: WorkloadPlan): WorkloadPlanDto {
  return {
    workload: refOf(plan),
    containers: plan.containers,
    diff: plan.diff,
    revision: plan.revision,
    alreadyApplied: Boolean(plan.revision) && plan.appliedRevision === plan.revision,
    extendsEnv: plan.envTakeovers.map(t => ({ container: t.container, name: t.name })),
    usesEbpf: plan.usesEbpf,
  };
}
