import type { ContainerDetection } from '@internal/plugin-observability-common';
import { parse, parseAllDocuments } from 'yaml';
import { renderGitOpsPatch } from './gitOpsExport';
import { planWorkload } from './planWorkload';
import type { WorkloadObject } from './workloadObject';

const detection = (language: ContainerDetection['language']): ContainerDetection => ({
  language,
  runtimeVersion: null,
  libc: 'glibc',
  otherAgents: [],
  confidence: 0.9,
  evidence: ['test'],
  source: 'process',
});

const deployment = (name: string, containers: any[]): WorkloadObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'shop' },
  spec: {
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers } },
  },
});

const plan = (object: WorkloadObject, language: ContainerDetection['language'], mode?: 'inject' | 'operator') =>
  planWorkload({
    cluster: 'local',
    kind: 'Deployment',
    object,
    detections: { app: detection(language) },
    service: { name: 'checkout', namespace: 'shop' },
    sampling: { ratio: 1, propagators: ['tracecontext'] },
    mode,
  });

/** Each document of the export: its object and its leading comment, without the `# `. */
function documents(yaml: string) {
  expect(parseAllDocuments(yaml).flatMap(d => d.errors)).toEqual([]);
  return yaml.split(/^---\n/m).map(text => ({
    object: parse(text),
    comment: text
      .split('\n')
      .filter(line => line.startsWith('#'))
      .map(line => line.replace(/^# ?/, ''))
      .join('\n'),
  }));
}

/** The YAML block a comment shows after `intro`, up to the next blank line. */
function yamlAfter(comment: string, intro: string) {
  const start = comment.indexOf(intro);
  expect(start).toBeGreaterThanOrEqual(0);
  return parse(comment.slice(start + intro.length).split('\n\n')[0]);
}

const appContainer = (object: any) =>
  object.spec.template.spec.containers.find((c: any) => c.name === 'app');

describe('renderGitOpsPatch', () => {
  it('inject: one patch per workload, the owner\'s literal JAVA_TOOL_OPTIONS written out extended', () => {
    const owner = deployment('checkout', [{ name: 'app', image: 'x', env: [{ name: 'JAVA_TOOL_OPTIONS', value: '-Xmx512m' }] }]);
    const [doc, ...rest] = documents(renderGitOpsPatch([plan(owner, 'java')]));
    expect(rest).toEqual([]);
    expect(doc.comment).toContain('Patch for local: Deployment shop/checkout');
    expect(doc.object).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'checkout', namespace: 'shop' } });
    expect(doc.object.spec.template.spec.initContainers[0].name).toBe('opentelemetry-auto-instrumentation-java');
    const env = appContainer(doc.object).env;
    expect(env).toContainEqual({ name: 'JAVA_TOOL_OPTIONS', value: '-Xmx512m -javaagent:/otel-auto-instrumentation-java/javaagent.jar' });
    expect(env.map((e: any) => e.name)).not.toContain('OTEL_ORIGINAL_JAVA_TOOL_OPTIONS');
  });

  it('operator: the Instrumentation resource comes first, once per namespace, then the annotated patches', () => {
    const plans = ['checkout', 'billing'].map(name => plan(deployment(name, [{ name: 'app', image: 'x' }]), 'java', 'operator'));
    const [instrumentation, ...patches] = documents(renderGitOpsPatch(plans));
    expect(instrumentation.comment).toContain('New resource for local: Instrumentation shop/backstage-observability');
    expect(instrumentation.object).toMatchObject({
      apiVersion: 'opentelemetry.io/v1alpha1',
      kind: 'Instrumentation',
      metadata: { name: 'backstage-observability', namespace: 'shop' },
      spec: { exporter: { endpoint: 'http://$(OTEL_NODE_IP):4317' } },
    });
    expect(patches.map(p => p.object.metadata.name)).toEqual(['checkout', 'billing']);
    expect(patches[0].object.spec.template.metadata.annotations).toMatchObject({
      'instrumentation.opentelemetry.io/inject-java': 'backstage-observability',
      'instrumentation.opentelemetry.io/java-container-names': 'app',
    });
  });

  it('valueFrom: leaves the owner\'s entry alone and says how to edit the manifest instead', () => {
    const valueFrom = { secretKeyRef: { name: 'jvm', key: 'options' } };
    const owner = deployment('checkout', [{ name: 'app', image: 'x', env: [{ name: 'JAVA_TOOL_OPTIONS', valueFrom }] }]);
    const [doc] = documents(renderGitOpsPatch([plan(owner, 'java')]));
    const names = appContainer(doc.object).env.map((e: any) => e.name);
    // A patch entry of that name would give the var both value and valueFrom.
    expect(names).not.toContain('JAVA_TOOL_OPTIONS');
    expect(names).not.toContain('OTEL_ORIGINAL_JAVA_TOOL_OPTIONS');
    expect(names).toContain('OTEL_SERVICE_NAME');
    expect(yamlAfter(doc.comment, 'with these two, in this order:\n')).toEqual([
      { name: 'OTEL_ORIGINAL_JAVA_TOOL_OPTIONS', valueFrom },
      { name: 'JAVA_TOOL_OPTIONS', value: '$(OTEL_ORIGINAL_JAVA_TOOL_OPTIONS) -javaagent:/otel-auto-instrumentation-java/javaagent.jar' },
    ]);
  });

  it('eBPF: names the discovery rule the agent needs, since it does not select by annotation', () => {
    const [doc] = documents(renderGitOpsPatch([plan(deployment('inventory', [{ name: 'app', image: 'x' }]), 'go')]));
    expect(doc.object.spec.template.spec.containers).toEqual([]);
    expect(doc.comment).toContain('Container app is traced by the eBPF agent (DaemonSet observability-system/observability-ebpf-agent)');
    expect(yamlAfter(doc.comment, 'this one needs:\n')).toEqual({
      discovery: { instrument: [{ k8s_namespace: 'shop', k8s_deployment_name: 'inventory' }] },
    });
  });

  it('leaves out workloads with nothing to do', () => {
    expect(renderGitOpsPatch([plan(deployment('static', [{ name: 'app', image: 'x' }]), 'unknown')])).toBe('');
  });
});
