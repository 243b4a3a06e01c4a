import { parse } from 'yaml';
import { parseEbpfWorkloads, renderEbpfDiscovery } from './discovery';
import { EBPF_CAPABILITIES, renderEbpfManifests } from './manifests';

describe('eBPF discovery', () => {
  const workloads = [
    { cluster: 'a', namespace: 'shop', kind: 'Deployment', name: 'checkout' },
    { cluster: 'a', namespace: 'shop', kind: 'StatefulSet', name: 'db' },
    { cluster: 'a', namespace: 'shop', kind: 'Deployment', name: 'checkout' },
    { cluster: 'b', namespace: 'ops', kind: 'DaemonSet', name: 'probe' },
  ];

  it('renders one selector per workload, per cluster, sorted and de-duplicated', () => {
    expect(renderEbpfDiscovery(workloads)).toEqual({
      a: {
        instrument: [
          { k8s_namespace: 'shop', k8s_deployment_name: 'checkout' },
          { k8s_namespace: 'shop', k8s_statefulset_name: 'db' },
        ],
      },
      b: { instrument: [{ k8s_namespace: 'ops', k8s_daemonset_name: 'probe' }] },
    });
  });

  it('rejects names that are not Kubernetes names and unknown kinds', () => {
    expect(() => renderEbpfDiscovery([{ cluster: 'a', namespace: 'x', kind: 'Deployment', name: 'a*' }])).toThrow(/invalid/);
    expect(() => renderEbpfDiscovery([{ cluster: 'a', namespace: 'x', kind: 'Pod', name: 'a' }])).toThrow(/unsupported/);
  });

  it('round-trips through the agent config, and the agent gets only the documented capabilities', () => {
    const objs = renderEbpfManifests({
      image: 'otel/ebpf-instrument:v0.14.0',
      cluster: 'a',
      instrument: renderEbpfDiscovery(workloads).a.instrument,
    });
    const cm: any = objs.find(o => o.kind === 'ConfigMap');
    expect(parseEbpfWorkloads('a', cm.data['config.yaml'])).toEqual([
      { cluster: 'a', namespace: 'shop', kind: 'deployment', name: 'checkout' },
      { cluster: 'a', namespace: 'shop', kind: 'statefulset', name: 'db' },
    ]);
    const config = parse(cm.data['config.yaml']);
    expect(config.otel_traces_export.endpoint).toBe('http://observability-collector-node.observability-system.svc:4318');
    const ds: any = objs.find(o => o.kind === 'DaemonSet');
    const sc = ds.spec.template.spec.containers[0].securityContext;
    expect(sc.privileged).toBe(false);
    expect(sc.capabilities).toEqual({ drop: ['ALL'], add: EBPF_CAPABILITIES });
    expect(EBPF_CAPABILITIES).not.toContain('SYS_ADMIN');
  });

  it('selects nothing when no workload is routed to the agent', () => {
    const objs = renderEbpfManifests({ image: 'i', cluster: 'a', instrument: [] });
    const cm: any = objs.find(o => o.kind === 'ConfigMap');
    expect(parse(cm.data['config.yaml']).discovery.instrument).toEqual([
      { k8s_namespace: 'observability-none-selected' },
    ]);
  });
});
