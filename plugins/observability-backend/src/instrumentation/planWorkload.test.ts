import type { ContainerDetection } from '@internal/plugin-observability-common';
import { mergedTemplate, planWorkload, type PlanInput } from './planWorkload';
import type { WorkloadObject } from './workloadObject';

const detection = (language: ContainerDetection['language'], extra: Partial<ContainerDetection> = {}): ContainerDetection => ({
  language,
  runtimeVersion: null,
  libc: 'glibc',
  otherAgents: [],
  confidence: 0.9,
  evidence: ['test'],
  source: 'process',
  ...extra,
});

const deployment = (containers: any[], annotations: Record<string, string> = {}): WorkloadObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'checkout', namespace: 'shop' },
  spec: {
    selector: { matchLabels: { app: 'checkout' } },
    template: { metadata: { labels: { app: 'checkout' }, annotations }, spec: { containers } },
  },
});

const input = (object: WorkloadObject, detections: PlanInput['detections'], kind: PlanInput['kind'] = 'Deployment'): PlanInput => ({
  cluster: 'local',
  kind,
  object,
  detections,
  service: { name: 'checkout', namespace: 'shop' },
  sampling: { ratio: 1, propagators: ['tracecontext', 'baggage'] },
});

const envOf = (plan: ReturnType<typeof planWorkload>, container = 'app') =>
  ((plan.applyConfiguration as any).spec.template.spec.containers as any[]).find(c => c.name === container).env as any[];

describe('planWorkload', () => {
  it('injects the Java agent with the Operator conventions and points it at the node collector', () => {
    const plan = planWorkload(input(deployment([{ name: 'app', image: 'eclipse-temurin:21-jre' }]), { app: detection('java', { runtimeVersion: '21.0.2' }) }));
    expect(plan.containers[0]).toMatchObject({ action: 'instrument', strategy: 'java' });
    const spec = (plan.applyConfiguration as any).spec.template.spec;
    expect(spec.initContainers[0]).toMatchObject({
      name: 'opentelemetry-auto-instrumentation-java',
      image: expect.stringMatching(/autoinstrumentation-java:/),
      command: ['cp', '/javaagent.jar', '/otel-auto-instrumentation-java/javaagent.jar'],
    });
    expect(spec.volumes[0]).toMatchObject({ name: 'opentelemetry-auto-instrumentation-java', emptyDir: {} });
    const env = envOf(plan);
    const names = env.map(e => e.name);
    expect(names.indexOf('OTEL_NODE_IP')).toBeLessThan(names.indexOf('OTEL_EXPORTER_OTLP_ENDPOINT'));
    expect(env).toEqual(
      expect.arrayContaining([
        { name: 'OTEL_SERVICE_NAME', value: 'checkout' },
        { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://$(OTEL_NODE_IP):4317' },
        { name: 'JAVA_TOOL_OPTIONS', value: '-javaagent:/otel-auto-instrumentation-java/javaagent.jar' },
        {
          name: 'OTEL_RESOURCE_ATTRIBUTES',
          value: 'k8s.namespace.name=shop,k8s.deployment.name=checkout,k8s.pod.name=$(OTEL_POD_NAME),k8s.node.name=$(OTEL_NODE_NAME),k8s.container.name=app,service.namespace=shop',
        },
      ]),
    );
    expect(plan.diff).toContain('+        - name: JAVA_TOOL_OPTIONS');
    expect(plan.revision).toMatch(/^[0-9a-f]{12}$/);
  });

  it('appends to an existing JAVA_TOOL_OPTIONS instead of clobbering it, and records how to undo it', () => {
    const plan = planWorkload(
      input(deployment([{ name: 'app', image: 'x', env: [{ name: 'TZ', value: 'UTC' }, { name: 'JAVA_TOOL_OPTIONS', value: '-Xmx512m' }] }]), { app: detection('java') }),
    );
    expect(plan.envTakeovers).toEqual([
      {
        container: 'app',
        name: 'JAVA_TOOL_OPTIONS',
        index: 1,
        original: { name: 'JAVA_TOOL_OPTIONS', value: '-Xmx512m' },
        replacement: { name: 'JAVA_TOOL_OPTIONS', value: '$(OTEL_ORIGINAL_JAVA_TOOL_OPTIONS) -javaagent:/otel-auto-instrumentation-java/javaagent.jar' },
      },
    ]);
    expect(envOf(plan)).toContainEqual({ name: 'OTEL_ORIGINAL_JAVA_TOOL_OPTIONS', value: '-Xmx512m' });
    expect(envOf(plan).map(e => e.name)).not.toContain('JAVA_TOOL_OPTIONS');
  });

  it('keeps a NODE_OPTIONS that comes from a ConfigMap (valueFrom) and extends it', () => {
    const valueFrom = { configMapKeyRef: { name: 'node-flags', key: 'options' } };
    const plan = planWorkload(input(deployment([{ name: 'app', image: 'node:20', env: [{ name: 'NODE_OPTIONS', valueFrom }] }]), { app: detection('nodejs', { runtimeVersion: '20.11.1' }) }));
    expect(envOf(plan)).toContainEqual({ name: 'OTEL_ORIGINAL_NODE_OPTIONS', valueFrom });
    expect(plan.envTakeovers[0].replacement.value).toBe(
      '$(OTEL_ORIGINAL_NODE_OPTIONS) --require /otel-auto-instrumentation-nodejs/autoinstrumentation.js',
    );
    const merged = mergedTemplate(
      (deployment([{ name: 'app', image: 'node:20', env: [{ name: 'NODE_OPTIONS', valueFrom }] }]).spec as any).template,
      (plan.applyConfiguration as any).spec.template,
      plan.envTakeovers,
    );
    const names = merged.spec!.containers[0].env!.map(e => e.name);
    expect(names.indexOf('OTEL_ORIGINAL_NODE_OPTIONS')).toBeLessThan(names.indexOf('NODE_OPTIONS'));
  });

  it('prepends the Python agent to PYTHONPATH, uses OTLP/HTTP, and the musl build on Alpine', () => {
    const plan = planWorkload(
      input(deployment([{ name: 'app', image: 'python:3.12-alpine', env: [{ name: 'PYTHONPATH', value: '/app/lib' }] }]), {
        app: detection('python', { runtimeVersion: '3.12.4', libc: 'musl' }),
      }),
    );
    expect((plan.applyConfiguration as any).spec.template.spec.initContainers[0].command).toEqual([
      'cp', '-r', '/autoinstrumentation-musl/.', '/otel-auto-instrumentation-python',
    ]);
    expect(plan.envTakeovers[0].replacement.value).toBe(
      '/otel-auto-instrumentation-python/opentelemetry/instrumentation/auto_instrumentation:/otel-auto-instrumentation-python:$(OTEL_ORIGINAL_PYTHONPATH)',
    );
    expect(envOf(plan)).toContainEqual({ name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://$(OTEL_NODE_IP):4318' });
  });

  it('sets the .NET profiler and startup hook', () => {
    const plan = planWorkload(input(deployment([{ name: 'app', image: 'x' }]), { app: detection('dotnet', { runtimeVersion: '8.0.4' }) }));
    expect(envOf(plan)).toEqual(
      expect.arrayContaining([
        { name: 'CORECLR_ENABLE_PROFILING', value: '1' },
        { name: 'CORECLR_PROFILER_PATH', value: '/otel-auto-instrumentation-dotnet/linux-x64/OpenTelemetry.AutoInstrumentation.Native.so' },
      ]),
    );
  });

  it('routes Go to the eBPF agent without touching the pod beyond the annotation', () => {
    const plan = planWorkload(input(deployment([{ name: 'app', image: 'inventory:1' }]), { app: detection('go') }));
    expect(plan.usesEbpf).toBe(true);
    expect(plan.containers[0]).toMatchObject({ action: 'instrument', strategy: 'ebpf' });
    const template = (plan.applyConfiguration as any).spec.template;
    expect(template.spec.containers).toEqual([]);
    expect(JSON.parse(template.metadata.annotations['observability.backstage.io/instrumentation'])).toEqual({
      containers: { app: 'ebpf' },
      revision: plan.revision,
    });
  });

  it('refuses unknown languages and unsupported runtimes with a reason, and changes nothing', () => {
    const plan = planWorkload(
      input(deployment([{ name: 'app', image: 'x' }, { name: 'old', image: 'y' }]), {
        app: detection('unknown'),
        old: detection('nodejs', { runtimeVersion: '16.20.0' }),
      }),
    );
    expect(plan.containers).toEqual([
      expect.objectContaining({ container: 'app', action: 'refuse', reason: 'no agent can instrument a container whose language is unknown' }),
      expect.objectContaining({ container: 'old', action: 'refuse', reason: expect.stringContaining('older than 18') }),
    ]);
    expect(plan.applyConfiguration).toEqual({});
    expect(plan.diff).toBe('');
  });

  it('requires confirmation when another vendor agent is present, and leaves OpenTelemetry agents alone', () => {
    const plan = planWorkload(
      input(deployment([{ name: 'app', image: 'x' }, { name: 'side', image: 'y' }]), {
        app: detection('java', { otherAgents: [{ vendor: 'datadog', name: 'Datadog APM', evidence: 'env DD_TRACE_ENABLED' }] }),
        side: detection('java', { otherAgents: [{ vendor: 'opentelemetry', name: 'OpenTelemetry Java agent', evidence: 'cmdline -javaagent' }] }),
      }),
    );
    expect(plan.containers[0]).toMatchObject({ action: 'instrument', requiresConfirmation: ['other-agent:app'] });
    expect(plan.containers[1]).toMatchObject({ action: 'already-instrumented' });
  });

  it('is deterministic: the same workload plans to the same revision, and sees it applied', () => {
    const object = deployment([{ name: 'app', image: 'x' }]);
    const first = planWorkload(input(object, { app: detection('java') }));
    const annotation = (first.applyConfiguration as any).spec.template.metadata.annotations;
    const second = planWorkload(input(deployment([{ name: 'app', image: 'x' }], annotation), { app: detection('java') }));
    expect(second.revision).toBe(first.revision);
    expect(second.appliedRevision).toBe(first.revision);
  });

  it('plans CronJobs through their job template', () => {
    const cronJob: WorkloadObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly', namespace: 'shop' },
      spec: { schedule: '0 1 * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'job', image: 'python:3.12' }] } } } } },
    };
    const plan = planWorkload(input(cronJob, { job: detection('python') }, 'CronJob'));
    expect((plan.applyConfiguration as any).spec.jobTemplate.spec.template.spec.initContainers).toHaveLength(1);
    expect((plan.applyConfiguration as any).apiVersion).toBe('batch/v1');
  });

  it('asks the OpenTelemetry Operator to inject when that strategy is chosen', () => {
    const plan = planWorkload({
      ...input(deployment([{ name: 'app', image: 'x' }, { name: 'worker', image: 'y' }]), {
        app: detection('java'),
        worker: detection('go'),
      }),
      mode: 'operator',
    });
    const template = (plan.applyConfiguration as any).spec.template;
    expect(template.spec).toEqual({ containers: [] });
    expect(template.metadata.annotations).toMatchObject({
      'instrumentation.opentelemetry.io/inject-java': 'backstage-observability',
      'instrumentation.opentelemetry.io/java-container-names': 'app',
    });
    expect(plan.companionObjects).toEqual([
      expect.objectContaining({
        kind: 'Instrumentation',
        metadata: expect.objectContaining({ name: 'backstage-observability', namespace: 'shop' }),
        spec: expect.objectContaining({ exporter: { endpoint: 'http://$(OTEL_NODE_IP):4317' } }),
      }),
    ]);
    expect(JSON.parse(template.metadata.annotations['observability.backstage.io/instrumentation']).containers).toEqual({
      app: 'operator-java',
      worker: 'ebpf',
    });
  });
});
