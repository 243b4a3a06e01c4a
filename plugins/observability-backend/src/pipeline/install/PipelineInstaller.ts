import type { PipelineStep } from '@internal/plugin-observability-common';
import type { ClusterRegistry } from '../../clusters/ClusterRegistry';
import { baseLabels, MANAGED_BY, MANAGED_BY_LABEL, NAMESPACE, PIPELINE_VERSION } from '../collector/constants';
import type { KubeObject } from '../collector/manifests';
import { parseEbpfWorkloads, type EbpfWorkload } from '../ebpf/discovery';
import { EBPF_AGENT } from '../ebpf/manifests';
import { DESTINATION_LABEL, type DestinationStore } from '../store/DestinationStore';
import { applyObject, deleteIfManaged, isNotFound, kubeErrorMessage, readObject } from './kube';
import { NO_PROGRESS, type StepProgress } from './PipelineOperations';
import {
  renderEbpf,
  renderGateway,
  renderPipeline,
  type PipelineComponents,
  type PipelineImages,
} from './renderPipeline';

export const STATE_CONFIGMAP = 'observability-pipeline';
const DEFAULTS_CONFIGMAP = 'observability-pipeline-defaults';

/** What the product records about an install, in the cluster itself. */
export interface InstallState {
  version: string;
  components: PipelineComponents;
  installedAt: string;
  lastError?: string;
}

type ConfigMapObject = KubeObject & { data?: Record<string, string> };

const stateHeader = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: STATE_CONFIGMAP, namespace: NAMESPACE },
};

/** Namespaced kinds swept by label on uninstall (besides the rendered objects). */
const SWEPT_KINDS = [
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'Secret' },
];

function step(obj: KubeObject, action: PipelineStep['action']): Omit<PipelineStep, 'status'> {
  return { kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace, action };
}

const NOT_OURS = 'not present, or not created by the portal';

/** Runs one step, reporting it running, then done, skipped (when `work` says so) or failed. */
async function runStep(progress: StepProgress, index: number, work: () => Promise<boolean | void>) {
  progress.set(index, 'running');
  try {
    const did = await work();
    if (did === false) progress.set(index, 'skipped', NOT_OURS);
    else progress.set(index, 'done');
  } catch (e) {
    progress.set(index, 'failed', (e as Error).message);
    throw e;
  }
}

/**
 * Installs, upgrades and removes the pipeline (node collector, gateway, eBPF agent, node agent)
 * on one cluster with server-side apply under the product's field manager.
 */
export class PipelineInstaller {
  constructor(
    private readonly deps: {
      registry: ClusterRegistry;
      store: DestinationStore;
      images: PipelineImages;
      /** The node agent's bundle, read lazily on the first install that needs it. */
      nodeAgentBundle: () => Promise<string | undefined>;
    },
  ) {}

  async readState(cluster: string): Promise<InstallState | undefined> {
    const { objects } = this.deps.registry.get(cluster);
    const cm = await readObject<ConfigMapObject>(objects, stateHeader);
    return cm?.data?.['state.json'] ? JSON.parse(cm.data['state.json']) : undefined;
  }

  private async writeState(cluster: string, state: InstallState) {
    const { objects } = this.deps.registry.get(cluster);
    await applyObject(objects, {
      ...stateHeader,
      metadata: { ...stateHeader.metadata, labels: baseLabels('state') },
      data: { 'state.json': JSON.stringify(state) },
    });
  }

  private async currentEbpfWorkloads(cluster: string): Promise<EbpfWorkload[]> {
    const { objects } = this.deps.registry.get(cluster);
    const cm = await readObject<ConfigMapObject>(objects, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: EBPF_AGENT, namespace: NAMESPACE },
    });
    return parseEbpfWorkloads(cluster, cm?.data?.['config.yaml']);
  }

  private async render(cluster: string, components: PipelineComponents): Promise<KubeObject[]> {
    return renderPipeline({
      cluster,
      images: this.deps.images,
      components,
      destinations: await this.deps.store.list(cluster),
      ebpfWorkloads: await this.currentEbpfWorkloads(cluster),
      nodeAgentBundle: components.nodeAgent ? await this.deps.nodeAgentBundle() : undefined,
    });
  }

  /**
   * Install or upgrade: applies every object, then removes those of components switched off.
   * Every object is a step of `progress`, all of them known before the first apply.
   */
  async install(cluster: string, components: PipelineComponents, progress: StepProgress = NO_PROGRESS): Promise<void> {
    const { objects } = this.deps.registry.get(cluster);
    const wanted = await this.render(cluster, components);
    const all = await this.render(cluster, { ebpfAgent: true, nodeAgent: true });
    const keep = new Set(wanted.map(key));
    const unwanted = all.filter(o => !keep.has(key(o))).reverse();
    const first = progress.add([...wanted.map(o => step(o, 'apply')), ...unwanted.map(o => step(o, 'delete'))]);
    try {
      for (const [i, obj] of wanted.entries()) await runStep(progress, first + i, () => applyObject(objects, obj));
      for (const [i, obj] of unwanted.entries()) {
        await runStep(progress, first + wanted.length + i, () => deleteIfManaged(objects, obj));
      }
    } catch (e) {
      const lastError = (e as Error).message;
      await this.writeState(cluster, {
        version: PIPELINE_VERSION,
        components,
        installedAt: new Date().toISOString(),
        lastError,
      }).catch(() => undefined);
      throw e;
    }
    await this.writeState(cluster, { version: PIPELINE_VERSION, components, installedAt: new Date().toISOString() });
  }

  /**
   * Removes everything the product created on the cluster: the rendered objects (checked for
   * the managed-by label before deleting) and labelled ConfigMaps/Secrets (node-agent findings,
   * install state; destinations and defaults only with `includeDestinations`), which become
   * steps once they are listed.
   */
  async uninstall(
    cluster: string,
    options: { includeDestinations: boolean },
    progress: StepProgress = NO_PROGRESS,
  ): Promise<void> {
    const { objects } = this.deps.registry.get(cluster);
    const all = [...(await this.render(cluster, { ebpfAgent: true, nodeAgent: true }))].reverse();
    const first = progress.add(all.map(o => step(o, 'delete')));
    for (const [i, obj] of all.entries()) await runStep(progress, first + i, () => deleteIfManaged(objects, obj));
    for (const { apiVersion, kind } of SWEPT_KINDS) {
      const list = await objects.list(apiVersion, kind, NAMESPACE, undefined, undefined, undefined, undefined, `${MANAGED_BY_LABEL}=${MANAGED_BY}`);
      const swept = list.items
        .filter(item => {
          const isDestination =
            item.metadata?.labels?.[DESTINATION_LABEL] === 'true' || item.metadata?.name === DEFAULTS_CONFIGMAP;
          return options.includeDestinations || !isDestination;
        })
        .map(item => ({ apiVersion, kind, metadata: { name: item.metadata!.name!, namespace: NAMESPACE } }));
      const at = progress.add(swept.map(o => step(o, 'delete')));
      for (const [i, obj] of swept.entries()) {
        await runStep(progress, at + i, async () => {
          try {
            await objects.delete(obj as any);
            return true;
          } catch (e) {
            if (isNotFound(e)) return false;
            throw new Error(`delete ${kind} ${obj.metadata.name}: ${kubeErrorMessage(e)}`);
          }
        });
      }
    }
  }

  /** Re-renders the gateway after destinations changed; a no-op when not installed. */
  async reconcileGateway(cluster: string): Promise<boolean> {
    if (!(await this.readState(cluster))) return false;
    const { objects } = this.deps.registry.get(cluster);
    const gateway = renderGateway({ images: this.deps.images, destinations: await this.deps.store.list(cluster) });
    for (const obj of gateway) await applyObject(objects, obj);
    return true;
  }

  /**
   * Replaces the eBPF agent's discovery rules with `workloads` (for this cluster) and rolls
   * the agent. A no-op returning false when the eBPF agent is not installed.
   */
  async syncEbpfWorkloads(cluster: string, workloads: EbpfWorkload[]): Promise<boolean> {
    const state = await this.readState(cluster);
    if (!state?.components.ebpfAgent) return false;
    const { objects } = this.deps.registry.get(cluster);
    const rendered = renderEbpf({ cluster, images: this.deps.images, ebpfWorkloads: workloads });
    for (const obj of rendered) await applyObject(objects, obj);
    return true;
  }
}

function key(o: KubeObject): string {
  return `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}
