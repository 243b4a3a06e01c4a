import { KubeClient } from './kube';
import { StackInfo } from './stack';
import {
  createNamespace,
  deleteNamespace,
  STACK_SETUP_TIMEOUT_MS,
  stackForTests,
  uniqueName,
} from './testUtils';

/** The restricted token against plugins/observability-backend/rbac/portal-rbac.yaml. */
// The package's `testTimeout` is not applied under `backstage-cli repo test` (a global option).
jest.setTimeout(300_000);

describe('portal RBAC (restricted ServiceAccount token)', () => {
  let info: StackInfo;
  let admin: KubeClient;
  let portal: KubeClient;
  const ns = uniqueName('stack-test-rbac');
  const system = 'observability-system';

  const status = async (
    method: string,
    path: string,
    body?: unknown,
    contentType?: string,
  ) => (await portal.request(method, path, { body, contentType })).status;

  beforeAll(async () => {
    ({ info, admin } = await stackForTests());
    portal = admin.withToken(info.restricted.token);
    await createNamespace(admin, ns);
    await admin.apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: ns },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'api' } },
        template: {
          metadata: { labels: { app: 'api' } },
          spec: { containers: [{ name: 'api', image: 'python:3.12-slim' }] },
        },
      },
    });
  }, STACK_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    if (admin) await deleteNamespace(admin, ns);
  });

  it('authenticates as the observability-portal ServiceAccount', async () => {
    const review = await portal.call(
      'POST',
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      {
        body: {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'SelfSubjectReview',
        },
      },
    );
    expect(review.status.userInfo.username).toBe(
      'system:serviceaccount:observability-system:observability-portal',
    );
  });

  it('allows what the ClusterRole and Role grant', async () => {
    for (const path of [
      '/api/v1/namespaces',
      '/api/v1/pods',
      '/api/v1/nodes',
      '/apis/apps/v1/deployments',
      '/apis/apps/v1/replicasets',
      '/apis/apps/v1/statefulsets',
      '/apis/apps/v1/daemonsets',
      '/apis/batch/v1/cronjobs',
      '/apis/batch/v1/jobs',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      `/api/v1/namespaces/${system}/secrets`,
      `/api/v1/namespaces/${system}/configmaps`,
    ]) {
      expect(`${path}: ${await status('GET', path)}`).toBe(`${path}: 200`);
    }

    // Server-side apply of its own pod-template fields on somebody's Deployment.
    const patched = await portal.apply(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'api', namespace: ns },
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: 'api',
                  env: [{ name: 'OTEL_SERVICE_NAME', value: 'api' }],
                },
              ],
            },
          },
        },
      },
      { fieldManager: 'observability-portal', force: false },
    );
    expect(patched.spec.template.spec.containers[0].env[0].name).toBe(
      'OTEL_SERVICE_NAME',
    );

    // Its own namespace: pipeline objects. Dry runs are authorized exactly like real writes but
    // leave nothing behind that the product's own integration tests (same names) could trip on.
    await portal.apply(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'collector-config', namespace: system },
        data: { 'config.yaml': 'receivers: {}' },
      },
      { dryRun: true },
    );
    await portal.apply(
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'observability-collector', namespace: system },
      },
      { dryRun: true },
    );

    // The collector's k8s_attributes ClusterRole, by its allowed name, with rules the portal holds.
    await portal.apply(
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'observability-collector' },
        rules: [
          {
            apiGroups: [''],
            resources: ['pods', 'namespaces', 'nodes'],
            verbs: ['get', 'list', 'watch'],
          },
          {
            apiGroups: ['apps'],
            resources: ['replicasets'],
            verbs: ['get', 'list', 'watch'],
          },
        ],
      },
      { dryRun: true },
    );
  });

  it('denies what it does not grant', async () => {
    const denied: Array<[string, string, unknown?, string?]> = [
      ['GET', '/api/v1/secrets'],
      ['GET', '/api/v1/namespaces/kube-system/secrets'],
      ['GET', `/api/v1/namespaces/${ns}/configmaps`],
      [
        'POST',
        '/api/v1/namespaces',
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'nope' } },
      ],
      ['DELETE', `/apis/apps/v1/namespaces/${ns}/deployments/api`],
      [
        'POST',
        `/apis/apps/v1/namespaces/${ns}/deployments`,
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'evil' },
          spec: {
            selector: { matchLabels: { a: 'b' } },
            template: {
              metadata: { labels: { a: 'b' } },
              spec: { containers: [{ name: 'x', image: 'x' }] },
            },
          },
        },
      ],
      [
        'PATCH',
        '/apis/rbac.authorization.k8s.io/v1/clusterroles/cluster-admin?fieldManager=x',
        { metadata: { labels: { pwned: 'true' } } },
        'application/merge-patch+json',
      ],
      [
        'PATCH',
        '/apis/rbac.authorization.k8s.io/v1/clusterroles/some-other-role?fieldManager=x',
        JSON.stringify({
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'some-other-role' },
          rules: [],
        }),
        'application/apply-patch+yaml',
      ],
      // Escalation: a ClusterRole with rules the portal does not hold itself.
      [
        'POST',
        '/apis/rbac.authorization.k8s.io/v1/clusterroles',
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'observability-node-agent' },
          rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }],
        },
      ],
      ['GET', '/api/v1/namespaces/default/pods/x/log'],
    ];
    for (const [method, path, body, contentType] of denied) {
      // Writes as dry runs: were one wrongly allowed, it still changes nothing.
      const target =
        method === 'GET'
          ? path
          : `${path}${path.includes('?') ? '&' : '?'}dryRun=All`;
      expect(
        `${method} ${path}: ${await status(method, target, body, contentType)}`,
      ).toBe(`${method} ${path}: 403`);
    }
  });
});
