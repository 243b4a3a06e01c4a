/**
 * Language detection from /proc and ELF, pod-spec heuristics, the CLI and the in-cluster node
 * agent (its loop, kube client, publisher and manifests).
 *
 * @packageDocumentation
 */

export type {
  AgentVendor,
  DetectionResult,
  DetectionSource,
  Language,
  Libc,
  OtherAgent,
  PodSpecDetection,
} from './types';
export { CONFIDENCE, LANGUAGES } from './types';

export { Detector, NoSuchProcessError, detectProcess, scanAll } from './detect';
export type { DetectorOptions } from './detect';
export { ProcFs, DEFAULT_PROC_LIMITS } from './proc/procfs';
export type { ProcLimits } from './proc/procfs';
export type { IoStats } from './proc/bounded';

export { analyzeElf, BufferSource, ElfCache, ElfError } from './elf';
export type { ElfInfo, GoBuildInfo } from './elf';

export { detectOtherAgents, AGENT_RULES } from './agents';
export type { AgentInputs, AgentRule } from './agents';

export { detectFromPodSpec, parseImage } from './podspec';
export type { ContainerSpec } from './podspec';

export {
  parseCgroupFile,
  parseCgroupPath,
  placeProcess,
  podRefFromObject,
} from './cgroup';
export type {
  CgroupInfo,
  ContainerRuntime,
  PodRef,
  ProcessPlacement,
} from './cgroup';

export {
  FINDINGS_KEY,
  FINDINGS_NAMESPACE,
  FIELD_MANAGER,
  FindingsPublisher,
  KubeClient,
  NodeAgent,
  findingsConfigMapName,
  parseFindingsConfigMap,
} from './agent';
export type {
  ContainerFindings,
  KubeConfig,
  NodeAgentOptions,
  NodeFindings,
  ProcessFinding,
} from './agent';

export {
  renderNodeAgentManifests,
  BUNDLE_CONFIGMAP_NAME,
  NODE_AGENT_NAME,
  TOKEN_NODE_NAME_KEY,
} from './manifests';
export type { KubeObject, NodeAgentManifestOptions } from './manifests';

export {
  getNodeAgentBundle,
  buildNodeAgentBundle,
  nodeAgentBundlePath,
} from './bundle';
export { runCli } from './cli';
