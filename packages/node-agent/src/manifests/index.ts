export {
  renderNodeAgentManifests,
  NODE_AGENT_NAME,
  BUNDLE_CONFIGMAP_NAME,
  BUNDLE_DIR,
  BUNDLE_FILE,
  TOKEN_NODE_NAME_KEY,
} from './render';
export type { KubeObject, NodeAgentManifestOptions } from './render';
