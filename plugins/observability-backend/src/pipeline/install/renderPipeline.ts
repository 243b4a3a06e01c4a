import { renderNodeAgentManifests } from '@internal/node-agent';
import { getDestinationSpec } from '../destinations';
import { renderGatewayConfig, renderNodeCollectorConfig } from '../collector/config';
import { NAMESPACE, PIPELINE_VERSION } from '../collector/constants';
import {
  renderGatewayManifests,
  renderNodeCollectorManifests,
  type KubeObject,
} from '../collector/manifests';
import { renderEbpfDiscovery, type EbpfWorkload } from '../ebpf/discovery';
import { EBPF_AGENT, renderEbpfManifests } from '../ebpf/manifests';
import type { StoredDestination } from '../store/DestinationStore';

export interface PipelineImages {
  collector: string;
  ebpfAgent: string;
  /** Node agent image; undefined = the node agent's own default (upstream Node.js + bundle). */
  nodeAgent?: string;
}

export interface PipelineComponents {
  ebpfAgent: boolean;
  nodeAgent: boolean;
}

export interface RenderPipelineOptions {
  cluster: string;
  images: PipelineImages;
  components: PipelineComponents;
  destinations: StoredDestination[];
  ebpfWorkloads: EbpfWorkload[];
  /** The node agent's bundled script (delivered in a ConfigMap), when the image lacks it. */
  nodeAgentBundle?: string;
}

/** The gateway's objects alone (re-applied whenever destinations change). */
export function renderGateway(options: Pick<RenderPipelineOptions, 'images' | 'destinations'>): KubeObject[] {
  const { config, env } = renderGatewayConfig({
    destinations: options.destinations.map(d => ({
      name: d.name,
      spec: getDestinationSpec(d.type),
      signals: d.signals,
      values: d.values,
      secretsSet: d.secretsSet,
    })),
  });
  return renderGatewayManifests({ image: options.images.collector, config, env });
}

/** The eBPF agent's objects for one cluster's selected workloads. */
export function renderEbpf(options: Pick<RenderPipelineOptions, 'cluster' | 'images' | 'ebpfWorkloads'>): KubeObject[] {
  const discovery = renderEbpfDiscovery(options.ebpfWorkloads.filter(w => w.cluster === options.cluster));
  return renderEbpfManifests({
    image: options.images.ebpfAgent,
    cluster: options.cluster,
    instrument: discovery[options.cluster]?.instrument ?? [],
  });
}

/**
 * The node agent's objects (from @internal/node-agent), without the namespace. Its ConfigMap
 * writes are limited to its own node's findings by the rendered ValidatingAdmissionPolicy (the
 * node comes from the agent's pod-bound token), not by `nodeNames`: a list of today's nodes
 * would leave agents on nodes that join later unable to publish until the next install.
 */
export function renderNodeAgent(options: Pick<RenderPipelineOptions, 'images' | 'nodeAgentBundle'>): KubeObject[] {
  return renderNodeAgentManifests({
    namespace: NAMESPACE,
    agentVersion: PIPELINE_VERSION,
    image: options.images.nodeAgent,
    bundle: options.nodeAgentBundle,
    includeNamespace: false,
  }) as KubeObject[];
}

/** Every object of the pipeline on one cluster, in apply order. */
export function renderPipeline(options: RenderPipelineOptions): KubeObject[] {
  const node = renderNodeCollectorManifests({
    image: options.images.collector,
    config: renderNodeCollectorConfig({ cluster: options.cluster }),
    extraReaders: options.components.ebpfAgent ? [{ name: EBPF_AGENT, namespace: NAMESPACE }] : [],
  });
  return [
    ...node,
    ...renderGateway(options),
    ...(options.components.ebpfAgent ? renderEbpf(options) : []),
    ...(options.components.nodeAgent ? renderNodeAgent(options) : []),
  ];
}
