import { getDestinationSpec } from '../destinations';
import { renderGatewayConfig, renderNodeCollectorConfig } from './config';
import { CONFIG_CHECKSUM_ANNOTATION, renderGatewayManifests, renderNodeCollectorManifests } from './manifests';

function gateway(endpoint: string) {
  const { config, env } = renderGatewayConfig({
    destinations: [
      {
        name: 'tempo',
        spec: getDestinationSpec('tempo'),
        signals: ['traces'],
        values: { endpoint, username: 'u' },
        secretsSet: ['password'],
      },
    ],
  });
  return renderGatewayManifests({ image: 'otel/opentelemetry-collector-contrib:0.152.0', config, env });
}

const find = (objs: any[], kind: string) => objs.find(o => o.kind === kind);

describe('collector manifests', () => {
  it('labels every object as managed by the product', () => {
    const objs = [
      ...gateway('tempo:4317'),
      ...renderNodeCollectorManifests({ image: 'img', config: renderNodeCollectorConfig({ cluster: 'c' }) }),
    ];
    for (const o of objs) {
      expect(o.metadata.labels?.['app.kubernetes.io/managed-by']).toBe('backstage-observability');
    }
  });

  it('rolls the gateway when its configuration changes', () => {
    const a = find(gateway('tempo:4317'), 'Deployment');
    const b = find(gateway('tempo-2:4317'), 'Deployment');
    const sum = (d: any) => d.spec.template.metadata.annotations[CONFIG_CHECKSUM_ANNOTATION];
    expect(sum(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(sum(a)).not.toBe(sum(b));
    expect(sum(a)).toBe(sum(find(gateway('tempo:4317'), 'Deployment')));
  });

  it('gateway reads secrets from the Secret, leaves replicas to the HPA and sets resources', () => {
    const objs = gateway('tempo:4317');
    const deployment = find(objs, 'Deployment');
    expect(deployment.spec.replicas).toBeUndefined();
    const container = deployment.spec.template.spec.containers[0];
    expect(container.image).toBe('otel/opentelemetry-collector-contrib:0.152.0');
    expect(container.resources.limits).toEqual({ cpu: '1', memory: '1Gi' });
    expect(container.env).toContainEqual({
      name: 'OBS_DEST_TEMPO__PASSWORD',
      valueFrom: { secretKeyRef: { name: 'observability-destination-tempo', key: 'password' } },
    });
    expect(find(objs, 'HorizontalPodAutoscaler').spec.scaleTargetRef.name).toBe('observability-gateway');
    expect(JSON.stringify(find(objs, 'ConfigMap'))).toContain('${env:OBS_DEST_TEMPO__PASSWORD}');
  });

  it('node collector gets read-only RBAC and binds extra readers to it', () => {
    const objs = renderNodeCollectorManifests({
      image: 'img',
      config: renderNodeCollectorConfig({ cluster: 'c' }),
      extraReaders: [{ name: 'observability-ebpf-agent', namespace: 'observability-system' }],
    });
    const role = find(objs, 'ClusterRole');
    expect(role.rules.flatMap((r: any) => r.verbs)).toEqual(expect.arrayContaining(['get', 'list', 'watch']));
    expect(role.rules.flatMap((r: any) => r.verbs)).not.toContain('create');
    expect(find(objs, 'ClusterRoleBinding').subjects.map((s: any) => s.name)).toEqual([
      'observability-collector-node',
      'observability-ebpf-agent',
    ]);
    expect(find(objs, 'DaemonSet').spec.template.spec.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });
});
