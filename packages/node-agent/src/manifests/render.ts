import { createHash } from 'node:crypto';
import {
  FINDINGS_NAME_PREFIX,
  FINDINGS_NAMESPACE,
  findingsConfigMapName,
} from '../agent/findings';

/** A plain Kubernetes object, ready for server-side apply. */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [key: string]: unknown;
};

export interface NodeAgentManifestOptions {
  /** Where the agent runs and publishes. Default "observability-system". */
  namespace?: string;
  /** Container image. Default "node:22-alpine" (upstream; the agent arrives in a ConfigMap). */
  image?: string;
  agentVersion: string;
  /**
   * The bundled agent (getNodeAgentBundle()). Delivered as a ConfigMap mounted at
   * /opt/node-agent. Omit when `image` already contains /opt/node-agent/node-agent.js (see the
   * Dockerfile).
   */
  bundle?: string;
  /**
   * Node names, when known: the Role's `patch` is then also limited to their findings ConfigMaps
   * (resourceNames). Optional: the admission policy already limits each agent to its own node's
   * ConfigMap, and a fixed list breaks the agent on nodes that join later.
   */
  nodeNames?: string[];
  /** Include the Namespace object. Default true. */
  includeNamespace?: boolean;
  rescanIntervalSeconds?: number;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  imagePullSecrets?: string[];
  priorityClassName?: string;
  resources?: {
    requests?: Record<string, string>;
    limits?: Record<string, string>;
  };
  /** Default: tolerate every taint, so every node reports. */
  tolerations?: Array<Record<string, unknown>>;
  nodeSelector?: Record<string, string>;
  /** Extra labels on every object. */
  labels?: Record<string, string>;
}

export const NODE_AGENT_NAME = 'observability-node-agent';
export const BUNDLE_CONFIGMAP_NAME = 'observability-node-agent-bundle';
export const BUNDLE_FILE = 'node-agent.js';
export const BUNDLE_DIR = '/opt/node-agent';
/** ConfigMaps are capped at 1 MiB by the API server. */
const CONFIGMAP_LIMIT = 1024 * 1024 - 4 * 1024;

/**
 * Renders the node agent: ServiceAccount, ClusterRole (pods get/list/watch) and binding, the
 * admission policy and binding that limit its writes to its own node's findings ConfigMap, Role
 * (ConfigMaps create + patch) and binding, the bundle ConfigMap and the DaemonSet (hostPID,
 * read-only root, SYS_PTRACE + DAC_READ_SEARCH only).
 */
export function renderNodeAgentManifests(
  options: NodeAgentManifestOptions,
): KubeObject[] {
  const namespace = options.namespace ?? FINDINGS_NAMESPACE;
  const image = options.image ?? 'node:22-alpine';
  const labels: Record<string, string> = {
    'app.kubernetes.io/name': NODE_AGENT_NAME,
    'app.kubernetes.io/component': 'node-agent',
    'app.kubernetes.io/part-of': 'backstage-observability',
    'app.kubernetes.io/managed-by': 'backstage-observability',
    'app.kubernetes.io/version': labelValue(options.agentVersion),
    ...options.labels,
  };
  const selector = { 'app.kubernetes.io/name': NODE_AGENT_NAME };
  const meta = (name: string, namespaced = true) => ({
    name,
    ...(namespaced ? { namespace } : {}),
    labels,
  });

  const objects: KubeObject[] = [];
  if (options.includeNamespace ?? true) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, labels },
    });
  }
  objects.push({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: meta(NODE_AGENT_NAME),
    automountServiceAccountToken: true,
  });

  // Cluster scope: read pods (to name what runs on the node). Nothing else.
  const clusterRoleName = `${NODE_AGENT_NAME}-${namespace}`;
  objects.push(
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: meta(clusterRoleName, false),
      rules: [
        {
          apiGroups: [''],
          resources: ['pods'],
          verbs: ['get', 'list', 'watch'],
        },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: meta(clusterRoleName, false),
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: clusterRoleName,
      },
      subjects: [{ kind: 'ServiceAccount', name: NODE_AGENT_NAME, namespace }],
    },
  );

  // Namespace scope: the findings ConfigMaps. RBAC cannot limit `create` by name, and a Role
  // listing today's nodes (resourceNames) goes stale as soon as a node joins. So the Role grants
  // what server-side apply needs (create + patch; no get/list/watch: the agent never reads a
  // ConfigMap) and an admission policy, rendered just before it, narrows every write to the one
  // ConfigMap of the node named in the agent's pod-bound token (the kube-apiserver records the
  // pod's node in it; the same idea as NodeRestriction, which keeps each kubelet to its own
  // node). Nothing to re-render when nodes come and go, and an agent on one node cannot
  // overwrite another node's findings, let alone the collector's config.
  const names = [
    ...new Set((options.nodeNames ?? []).map(findingsConfigMapName)),
  ].sort();
  const rules =
    names.length > 0
      ? [
          { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
          {
            apiGroups: [''],
            resources: ['configmaps'],
            resourceNames: names,
            verbs: ['patch'],
          },
        ]
      : [
          {
            apiGroups: [''],
            resources: ['configmaps'],
            verbs: ['create', 'patch'],
          },
        ];
  objects.push(
    ...renderFindingsPolicy(namespace, `${NODE_AGENT_NAME}-${namespace}`, meta),
  );
  const roleName = `${NODE_AGENT_NAME}-findings`;
  objects.push(
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta(roleName),
      rules,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(roleName),
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Role',
        name: roleName,
      },
      subjects: [{ kind: 'ServiceAccount', name: NODE_AGENT_NAME, namespace }],
    },
  );

  const podAnnotations: Record<string, string> = {};
  if (options.bundle !== undefined) {
    if (Buffer.byteLength(options.bundle) > CONFIGMAP_LIMIT) {
      throw new Error(
        `the agent bundle (${Buffer.byteLength(
          options.bundle,
        )} bytes) does not fit in a ConfigMap; build an image with the Dockerfile instead`,
      );
    }
    const sha = createHash('sha256').update(options.bundle).digest('hex');
    // A new bundle changes the pod template, so the DaemonSet rolls.
    podAnnotations['observability.backstage.io/bundle-sha256'] = sha;
    objects.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        ...meta(BUNDLE_CONFIGMAP_NAME),
        annotations: { 'observability.backstage.io/bundle-sha256': sha },
      },
      data: { [BUNDLE_FILE]: options.bundle },
    });
  }

  const env = [
    {
      name: 'NODE_NAME',
      valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } },
    },
    { name: 'FINDINGS_NAMESPACE', value: namespace },
    { name: 'PROC_ROOT', value: '/proc' },
    { name: 'AGENT_VERSION', value: options.agentVersion },
    {
      name: 'RESCAN_INTERVAL_SECONDS',
      value: String(options.rescanIntervalSeconds ?? 60),
    },
    // Keep the heap small: the agent holds one node's pods and findings.
    { name: 'NODE_OPTIONS', value: '--max-old-space-size=96' },
  ];
  const container = {
    name: 'agent',
    image,
    imagePullPolicy: options.imagePullPolicy ?? 'IfNotPresent',
    command: ['node', `${BUNDLE_DIR}/${BUNDLE_FILE}`],
    env,
    resources: options.resources ?? {
      requests: { cpu: '10m', memory: '48Mi' },
      limits: { memory: '160Mi' },
    },
    securityContext: {
      // Root inside the container, but only with the two capabilities reading another
      // container's /proc/<pid>/{exe,environ,maps,root} needs.
      runAsUser: 0,
      runAsGroup: 0,
      runAsNonRoot: false,
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'], add: ['SYS_PTRACE', 'DAC_READ_SEARCH'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    ...(options.bundle !== undefined
      ? {
          volumeMounts: [
            { name: 'agent-bundle', mountPath: BUNDLE_DIR, readOnly: true },
          ],
        }
      : {}),
  };
  objects.push({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta(NODE_AGENT_NAME),
    spec: {
      selector: { matchLabels: selector },
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%' },
      },
      template: {
        metadata: {
          labels: { ...labels, ...selector },
          ...(Object.keys(podAnnotations).length
            ? { annotations: podAnnotations }
            : {}),
        },
        spec: {
          serviceAccountName: NODE_AGENT_NAME,
          automountServiceAccountToken: true,
          hostPID: true,
          enableServiceLinks: false,
          terminationGracePeriodSeconds: 10,
          ...(options.priorityClassName
            ? { priorityClassName: options.priorityClassName }
            : {}),
          ...(options.imagePullSecrets?.length
            ? {
                imagePullSecrets: options.imagePullSecrets.map(name => ({
                  name,
                })),
              }
            : {}),
          ...(options.nodeSelector
            ? { nodeSelector: options.nodeSelector }
            : {}),
          tolerations: options.tolerations ?? [{ operator: 'Exists' }],
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          containers: [container],
          ...(options.bundle !== undefined
            ? {
                volumes: [
                  {
                    name: 'agent-bundle',
                    configMap: {
                      name: BUNDLE_CONFIGMAP_NAME,
                      defaultMode: 0o444,
                    },
                  },
                ],
              }
            : {}),
        },
      },
    },
  });
  return objects;
}

/** The key under which the kube-apiserver records the node of a pod-bound token's pod. */
export const TOKEN_NODE_NAME_KEY = 'authentication.kubernetes.io/node-name';

/**
 * A ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1, GA in Kubernetes 1.30) and its
 * binding: requests from the agent's ServiceAccount that write a ConfigMap in `namespace` are
 * denied unless they name `observability-node-<node>`, <node> being the node in the agent's
 * token. Kubelets mount pod-bound tokens, which carry that node name since 1.30; a token
 * without one (a legacy Secret token, an unbound TokenRequest) writes nothing.
 */
function renderFindingsPolicy(
  namespace: string,
  name: string,
  meta: (name: string, namespaced?: boolean) => KubeObject['metadata'],
): KubeObject[] {
  const username = `system:serviceaccount:${namespace}:${NODE_AGENT_NAME}`;
  const extra = `request.userInfo.extra[${JSON.stringify(
    TOKEN_NODE_NAME_KEY,
  )}]`;
  const expected = `${JSON.stringify(
    FINDINGS_NAME_PREFIX,
  )} + variables.nodeName.lowerAscii()`;
  return [
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: meta(name, false),
      spec: {
        // A policy that cannot be evaluated denies: the agent never writes unchecked.
        failurePolicy: 'Fail',
        matchConstraints: {
          namespaceSelector: {
            matchLabels: { 'kubernetes.io/metadata.name': namespace },
          },
          resourceRules: [
            {
              apiGroups: [''],
              apiVersions: ['*'],
              resources: ['configmaps'],
              operations: ['CREATE', 'UPDATE', 'DELETE'],
            },
          ],
        },
        matchConditions: [
          {
            name: 'node-agent-service-account',
            expression: `request.userInfo.username == ${JSON.stringify(
              username,
            )}`,
          },
        ],
        variables: [
          {
            name: 'nodeName',
            expression: `${JSON.stringify(
              TOKEN_NODE_NAME_KEY,
            )} in request.userInfo.extra && size(${extra}) == 1 ? ${extra}[0] : ''`,
          },
        ],
        validations: [
          {
            expression: "variables.nodeName != ''",
            reason: 'Forbidden',
            message:
              'the node agent must use its pod-bound service-account token (it names the node)',
          },
          {
            expression: `request.name == ${expected}`,
            reason: 'Forbidden',
            messageExpression: `'the node agent on ' + variables.nodeName + ' may only write ConfigMap ' + ${expected} + ', not ' + request.name`,
          },
        ],
      },
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: meta(name, false),
      spec: { policyName: name, validationActions: ['Deny'] },
    },
  ];
}

function labelValue(s: string): string {
  return s
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}
