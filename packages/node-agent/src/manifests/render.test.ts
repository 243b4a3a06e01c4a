import { renderNodeAgentManifests, KubeObject } from './render';

const byKind = (objs: KubeObject[], kind: string) =>
  objs.filter(o => o.kind === kind);
const one = (objs: KubeObject[], kind: string): any => {
  const list = byKind(objs, kind);
  expect(list).toHaveLength(1);
  return list[0];
};

describe('renderNodeAgentManifests', () => {
  const bundle = '// agent\nconsole.log("hi");\n';
  const objs = renderNodeAgentManifests({ agentVersion: '0.1.0', bundle });

  it('renders the namespace, identity, RBAC, bundle and DaemonSet', () => {
    expect(objs.map(o => o.kind)).toEqual([
      'Namespace',
      'ServiceAccount',
      'ClusterRole',
      'ClusterRoleBinding',
      'ValidatingAdmissionPolicy',
      'ValidatingAdmissionPolicyBinding',
      'Role',
      'RoleBinding',
      'ConfigMap',
      'DaemonSet',
    ]);
    for (const o of objs.filter(
      x =>
        ![
          'Namespace',
          'ClusterRole',
          'ClusterRoleBinding',
          'ValidatingAdmissionPolicy',
          'ValidatingAdmissionPolicyBinding',
        ].includes(x.kind),
    )) {
      expect(o.metadata.namespace).toBe('observability-system');
    }
  });

  it('grants only pods get/list/watch cluster-wide', () => {
    expect(one(objs, 'ClusterRole').rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(one(objs, 'ClusterRoleBinding').subjects).toEqual([
      {
        kind: 'ServiceAccount',
        name: 'observability-node-agent',
        namespace: 'observability-system',
      },
    ]);
  });

  it('grants ConfigMaps create + patch only: no reads, no delete', () => {
    expect(one(objs, 'Role').rules).toEqual([
      {
        apiGroups: [''],
        resources: ['configmaps'],
        verbs: ['create', 'patch'],
      },
    ]);
    expect(one(objs, 'RoleBinding')).toMatchObject({
      roleRef: { kind: 'Role', name: one(objs, 'Role').metadata.name },
      subjects: [
        {
          kind: 'ServiceAccount',
          name: 'observability-node-agent',
          namespace: 'observability-system',
        },
      ],
    });
  });

  it('also narrows patch to the findings names when node names are given', () => {
    const named = renderNodeAgentManifests({
      agentVersion: '1',
      bundle,
      nodeNames: ['b', 'a', 'a'],
    });
    expect(one(named, 'Role').rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
      {
        apiGroups: [''],
        resources: ['configmaps'],
        resourceNames: ['observability-node-a', 'observability-node-b'],
        verbs: ['patch'],
      },
    ]);
  });

  describe('the findings admission policy', () => {
    const policy = one(objs, 'ValidatingAdmissionPolicy');
    const binding = one(objs, 'ValidatingAdmissionPolicyBinding');

    it('is cluster-scoped, named after the namespace, and bound to deny', () => {
      expect(policy.apiVersion).toBe('admissionregistration.k8s.io/v1');
      expect(policy.metadata.name).toBe(
        'observability-node-agent-observability-system',
      );
      expect(policy.metadata.namespace).toBeUndefined();
      expect(policy.metadata.labels['app.kubernetes.io/managed-by']).toBe(
        'backstage-observability',
      );
      expect(binding.metadata.name).toBe(policy.metadata.name);
      expect(binding.spec).toEqual({
        policyName: policy.metadata.name,
        validationActions: ['Deny'],
      });
      expect(policy.spec.failurePolicy).toBe('Fail');
    });

    it('matches every ConfigMap write the agent makes in its namespace', () => {
      expect(policy.spec.matchConstraints).toEqual({
        namespaceSelector: {
          matchLabels: {
            'kubernetes.io/metadata.name': 'observability-system',
          },
        },
        resourceRules: [
          {
            apiGroups: [''],
            apiVersions: ['*'],
            resources: ['configmaps'],
            operations: ['CREATE', 'UPDATE', 'DELETE'],
          },
        ],
      });
      expect(policy.spec.matchConditions).toEqual([
        {
          name: 'node-agent-service-account',
          expression:
            'request.userInfo.username == "system:serviceaccount:observability-system:observability-node-agent"',
        },
      ]);
    });

    it("allows only the ConfigMap of the node named in the agent's token", () => {
      expect(policy.spec.variables).toEqual([
        {
          name: 'nodeName',
          expression:
            '"authentication.kubernetes.io/node-name" in request.userInfo.extra && ' +
            'size(request.userInfo.extra["authentication.kubernetes.io/node-name"]) == 1 ? ' +
            'request.userInfo.extra["authentication.kubernetes.io/node-name"][0] : \'\'',
        },
      ]);
      const checks = policy.spec.validations.map((v: any) => v.expression);
      expect(checks).toEqual([
        "variables.nodeName != ''",
        'request.name == "observability-node-" + variables.nodeName.lowerAscii()',
      ]);
      for (const v of policy.spec.validations)
        expect(v.reason).toBe('Forbidden');
    });

    it('comes before the Role, so the grant never exists without its guard', () => {
      const kinds = objs.map(o => o.kind);
      expect(kinds.indexOf('ValidatingAdmissionPolicyBinding')).toBeLessThan(
        kinds.indexOf('Role'),
      );
      expect(kinds.indexOf('ValidatingAdmissionPolicy')).toBeLessThan(
        kinds.indexOf('ValidatingAdmissionPolicyBinding'),
      );
    });

    it('follows the namespace', () => {
      const other = renderNodeAgentManifests({
        agentVersion: '1',
        namespace: 'obs',
      });
      const p = one(other, 'ValidatingAdmissionPolicy');
      expect(p.metadata.name).toBe('observability-node-agent-obs');
      expect(p.spec.matchConstraints.namespaceSelector.matchLabels).toEqual({
        'kubernetes.io/metadata.name': 'obs',
      });
      expect(p.spec.matchConditions[0].expression).toContain(
        '"system:serviceaccount:obs:observability-node-agent"',
      );
      expect(
        one(other, 'ValidatingAdmissionPolicyBinding').spec.policyName,
      ).toBe('observability-node-agent-obs');
    });
  });

  it('runs an upstream node image with hostPID, a read-only root and only SYS_PTRACE + DAC_READ_SEARCH', () => {
    const ds = one(objs, 'DaemonSet');
    const pod = ds.spec.template.spec;
    expect(pod.hostPID).toBe(true);
    expect(pod.hostNetwork).toBeUndefined();
    expect(pod.serviceAccountName).toBe('observability-node-agent');
    const c = pod.containers[0];
    expect(c.image).toBe('node:22-alpine');
    expect(c.command).toEqual(['node', '/opt/node-agent/node-agent.js']);
    expect(c.securityContext).toMatchObject({
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'], add: ['SYS_PTRACE', 'DAC_READ_SEARCH'] },
    });
    expect(c.env.find((e: any) => e.name === 'NODE_NAME')).toEqual({
      name: 'NODE_NAME',
      valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } },
    });
    expect(pod.volumes).toEqual([
      {
        name: 'agent-bundle',
        configMap: {
          name: 'observability-node-agent-bundle',
          defaultMode: 0o444,
        },
      },
    ]);
    expect(c.volumeMounts).toEqual([
      { name: 'agent-bundle', mountPath: '/opt/node-agent', readOnly: true },
    ]);
    expect(ds.spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'observability-node-agent',
    });
    expect(ds.spec.template.metadata.labels).toMatchObject(
      ds.spec.selector.matchLabels,
    );
  });

  it('ships the bundle in a ConfigMap and rolls the pods when it changes', () => {
    const cm = one(objs, 'ConfigMap');
    expect(cm.data).toEqual({ 'node-agent.js': bundle });
    const sha = one(objs, 'DaemonSet').spec.template.metadata.annotations[
      'observability.backstage.io/bundle-sha256'
    ];
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    const other = renderNodeAgentManifests({
      agentVersion: '0.1.0',
      bundle: `${bundle}//2`,
    });
    expect(
      one(other, 'DaemonSet').spec.template.metadata.annotations[
        'observability.backstage.io/bundle-sha256'
      ],
    ).not.toBe(sha);
  });

  it('uses a self-built image without a bundle ConfigMap, and honours options', () => {
    const objs2 = renderNodeAgentManifests({
      agentVersion: '2.0.0+build.1',
      image: 'registry.example.com/node-agent:2.0.0',
      namespace: 'obs',
      includeNamespace: false,
      priorityClassName: 'system-node-critical',
      imagePullSecrets: ['regcred'],
    });
    expect(byKind(objs2, 'ConfigMap')).toEqual([]);
    expect(byKind(objs2, 'Namespace')).toEqual([]);
    const pod = one(objs2, 'DaemonSet').spec.template.spec;
    expect(pod.containers[0].image).toBe(
      'registry.example.com/node-agent:2.0.0',
    );
    expect(pod.volumes).toBeUndefined();
    expect(pod.priorityClassName).toBe('system-node-critical');
    expect(pod.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(one(objs2, 'ServiceAccount').metadata).toMatchObject({
      namespace: 'obs',
      labels: { 'app.kubernetes.io/version': '2.0.0-build.1' },
    });
    expect(
      pod.containers[0].env.find((e: any) => e.name === 'FINDINGS_NAMESPACE')
        .value,
    ).toBe('obs');
  });

  it('refuses a bundle too big for a ConfigMap', () => {
    expect(() =>
      renderNodeAgentManifests({
        agentVersion: '1',
        bundle: 'x'.repeat(1024 * 1024),
      }),
    ).toThrow(/does not fit/);
  });

  it('returns plain JSON-serialisable objects', () => {
    expect(JSON.parse(JSON.stringify(objs))).toEqual(objs);
  });
});
