/**
 * The real local cluster + telemetry stack used by integration tests, e2e tests and the demo.
 *
 * @packageDocumentation
 */
export {
  ensureStackUp,
  stackStatus,
  stopStack,
  applyDemo,
  applyManifests,
  readManifests,
  kubeClient,
  waitForRollout,
  RESTRICTED_NAMESPACE,
  RESTRICTED_SA,
  KWOK_NODES,
  PORTAL_RBAC_FILE,
  DEMO_DIR,
  CRASH_LOOP_STAGE,
  otherStackUsers,
} from './stack';
export type { StackInfo, StackStatus, ComponentStatus } from './stack';
export { KubeClient, KubeApiError, waitFor, FIELD_MANAGER } from './kube';
export type { KubeObject, KubeResponse } from './kube';
export { PORTS, HOST } from './ports';
export { repoRoot } from './paths';
export { ensureBinaries, buildRecords } from './build';
export type { StackBinaries } from './build';
export { globalSetup, globalTeardown } from './jest/lifecycle';
