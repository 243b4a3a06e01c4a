import type { PipelineOperationResult, PipelineStep } from '@internal/plugin-observability-common';
import type { ClusterRegistry } from '../../clusters/ClusterRegistry';
import { baseLabels, MANAGED_BY, MANAGED_BY_LABEL, NAMESPACE, PIPELINE_VERSION } from '../collector/constants';
import type { KubeObject } from '../collector/manifests';
import { parseEbpfWorkloads, type EbpfWorkload } from '../ebpf/discovery';
import { EBPF_AGENT } from '../ebpf/manifests';
import { DESTINATION_LABEL, type DestinationStore } from '../store/DestinationStore';
import { applyObject, deleteIfManaged, isNotFound, kubeErrorMessage, readObject } from './kube';
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

function step(obj: KubeObject, action: PipelineStep['action']): PipelineStep {
  return { kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace, action };
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

  /** Install or upgrade: applies every object; components switched off are removed. */
  async install(cluster: string, components: PipelineComponents): Promise<PipelineOperationResult> {
    const { objects } = this.deps.registry.get(cluster);
    const steps: PipelineStep[] = [];
    const wanted = await this.render(cluster, components);
    try {
      for (const obj of wanted) {
        await applyObject(objects, obj);
        steps.push(step(obj, 'applied'));
      }
      const all = await this.render(cluster, { ebpfAgent: true, nodeAgent: true });
      const keep = new Set(wanted.map(key));
      for (const obj of all.filter(o => !keep.has(key(o))).reverse()) {
        if (await deleteIfManaged(objects, obj)) steps.push(step(obj, 'deleted'));
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
    return { cluster, steps, version: PIPELINE_VERSION };
  }

  /**
   * Removes everything the product created on the cluster: the rendered objects (checked for
   * the managed-by label before deleting) and labelled ConfigMaps/Secrets (node-agent findings,
   * install state; destinations and defaults only with `includeDestinations`).
   */
  async uninstall(cluster: string, options: { includeDestinations: boolean }): Promise<PipelineOperationResult> {
    const { objects } = this.deps.registry.get(cluster);
    const steps: PipelineStep[] = [];
    const all = await this.render(cluster, { ebpfAgent: true, nodeAgent: true });
    for (const obj of [...all].reverse()) {
      if (await deleteIfManaged(objects, obj)) steps.push(step(obj, 'deleted'));
    }
    for (const { apiVersion, kind } of SWEPT_KINDS) {
      const list = await objects.list(apiVersion, kind, NAMESPACE, undefined, undefined, undefined, undefined, `${MANAGED_BY_LABEL}=${MANAGED_BY}`);
      for (const item of list.items) {
        const name = item.metadata!.name!;
        const isDestination = item.metadata?.labels?.[DESTINATION_LABEL] === 'true' || name === DEFAULTS_CONFIGMAP;
        if (isDestination && !options.includeDestinations) continue;
        const obj = { apiVersion, kind, metadata: { name, namespace: NAMESPACE } };
        try {
          await objects.delete(obj as any);
          steps.push(step(obj, 'deleted'));
        } catch (e) {
          if (!isNotFound(e)) throw new Error(`delete ${kind} ${name}: ${kubeErrorMessage(e)}`);
        }
      }
    }
    return { cluster, steps, version: PIPELINE_VERSION };
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
