/**
 * The telemetry pipeline the portal runs on each cluster: destinations, collectors (node
 * DaemonSet + gateway), the eBPF agent and the node agent, and the REST API that manages them.
 */
import type {
  AuditorService,
  DatabaseService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { getNodeAgentBundle } from '@internal/node-agent';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import type { ObservabilityConfig } from '../config/observabilityConfig';
import { COLLECTOR_IMAGE } from './collector/constants';
import { DEFAULT_EBPF_IMAGE } from './ebpf/manifests';
import { PipelineInstaller } from './install/PipelineInstaller';
import { PipelineOperations } from './install/PipelineOperations';
import { PipelineStatusReader } from './install/PipelineStatusReader';
import type { PodMetricsReader } from './install/spanFlow';
import { prometheusSourceRates } from './overview/sourceRates';
import type { SourceLister } from './overview/sources';
import { PrometheusClient } from '../traces/prometheus/PrometheusClient';
import { PipelineService } from './PipelineService';
import { createPipelineRouter } from './router';
import { DestinationStore } from './store/DestinationStore';

export { createPipelineRouter } from './router';
export type { PipelineRouterDeps } from './router';
export { renderEbpfDiscovery } from './ebpf/discovery';
export type { EbpfWorkload, EbpfSelector } from './ebpf/discovery';
export { NODE_COLLECTOR_OTLP_GRPC, NODE_COLLECTOR_OTLP_HTTP } from './collector/manifests';
export { PipelineInstaller } from './install/PipelineInstaller';
export { DestinationStore } from './store/DestinationStore';

/** Builds the pipeline's services and router from the plugin's dependencies. */
export function createPipeline(deps: {
  config: ObservabilityConfig;
  registry: ClusterRegistry;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
  /** Where pipeline operations are stored, so every replica can answer a poll. */
  database: DatabaseService;
  /**
   * How collector pods' metrics are read (default: the API server's pod proxy). The local
   * stack's KWOK pods run no process, so its tests read real collectors started beside it.
   */
  podMetrics?: PodMetricsReader;
  /** Lists a cluster's instrumented workloads (default: from its workloads). */
  sources?: SourceLister;
}) {
  const images = {
    collector: deps.config.pipeline?.images?.collector ?? COLLECTOR_IMAGE,
    ebpfAgent: deps.config.pipeline?.images?.ebpfAgent ?? DEFAULT_EBPF_IMAGE,
    nodeAgent: deps.config.pipeline?.images?.nodeAgent,
  };
  const timeoutMs = deps.config.requestTimeoutMs;
  const store = new DestinationStore(deps.registry);
  const installer = new PipelineInstaller({
    registry: deps.registry,
    store,
    images,
    nodeAgentBundle: async () => (images.nodeAgent ? undefined : getNodeAgentBundle()),
  });
  const service = new PipelineService({ store, installer, timeoutMs });
  const statusReader = new PipelineStatusReader({
    registry: deps.registry,
    store,
    installer,
    timeoutMs,
    podMetrics: deps.podMetrics,
    sources: deps.sources,
    // Per-source rates come from Tempo's span metrics, when a Prometheus is configured.
    sourceRates: deps.config.prometheus
      ? prometheusSourceRates(new PrometheusClient({ ...deps.config.prometheus, timeoutMs }))
      : undefined,
  });
  const operations = new PipelineOperations(deps.database, {
    onError: (operation, error) =>
      deps.logger.warn(`Pipeline ${operation.action} on ${operation.cluster} failed: ${error.message}`),
    onWriteError: (operation, error) =>
      deps.logger.warn(`Could not store pipeline operation ${operation.id}: ${error.message}`),
  });
  const router = createPipelineRouter({ ...deps, store, service, installer, operations, statusReader });
  return {
    router,
    installer,
    operations,
    store,
    /** For the instrumentation module: keep the eBPF agent's discovery rules in sync. */
    syncEbpfWorkloads: installer.syncEbpfWorkloads.bind(installer),
    /** For the instrumentation module: sampling ratio and propagators of a cluster. */
    getDefaults: store.getDefaults.bind(store),
  };
}
