export { KubeClient, KubeError, inClusterConfig } from './kube';
export type { KubeConfig, WatchEvent } from './kube';
export { NodeAgent } from './node-agent';
export type { NodeAgentOptions } from './node-agent';
export { FindingsPublisher, FIELD_MANAGER } from './publisher';
export { PodWatcher } from './pods';
export { scanContainers, MAX_PROCESSES_PER_CONTAINER } from './scan';
export {
  FINDINGS_KEY,
  FINDINGS_LABELS,
  FINDINGS_NAMESPACE,
  findingsConfigMapName,
  parseFindingsConfigMap,
  toProcessFinding,
} from './findings';
export type {
  ContainerFindings,
  NodeFindings,
  ProcessFinding,
} from './findings';
