import type { ProcessFinding } from '@internal/node-agent';
import { FindingsIndex } from './FindingsIndex';
import { mergeDetection } from './mergeDetection';

const configMap = (node: string, containers: unknown[]) => ({
  metadata: { name: `observability-node-${node}` },
  data: {
    'findings.json': JSON.stringify({
      node,
      updatedAt: '2026-11-21T10:00:00Z',
      agentVersion: '0.1.0',
      containers,
    }),
  },
});

describe('mergeDetection', () => {
  const container = {
    name: 'app',
    image: 'eclipse-temurin:21-jre',
    command: ['java', '-jar', '/app/checkout.jar'],
  };

  it('guesses from the pod spec when no agent has reported, with a lower confidence', () => {
    const detection = mergeDetection(container, []);
    expect(detection).toMatchObject({ language: 'java', source: 'podspec' });
    expect(detection.confidence).toBeLessThanOrEqual(0.5);
  });

  it('prefers the node agent: a Go binary in a java-looking image is Go', () => {
    const index = FindingsIndex.fromConfigMaps([
      configMap('node-a', [
        {
          podUid: 'uid-1',
          container: 'app',
          containerId: 'c1',
          processes: [
            {
              pid: 7,
              language: 'unknown',
              runtimeVersion: null,
              libc: 'glibc',
              otherAgents: [],
              confidence: 0.9,
              evidence: ['shell'],
            },
            {
              pid: 9,
              language: 'go',
              runtimeVersion: 'go1.26.8',
              libc: 'static',
              otherAgents: [],
              confidence: 0.99,
              evidence: ['elf: .go.buildinfo go1.26.8'],
            },
          ],
        },
      ]),
      { metadata: { name: 'broken' }, data: { 'findings.json': '{not json' } },
    ]);
    const findings = index.forContainer(['uid-1', 'uid-2'], 'app');
    expect(findings).toHaveLength(2);
    expect(mergeDetection(container, findings)).toEqual({
      language: 'go',
      runtimeVersion: 'go1.26.8',
      libc: 'static',
      otherAgents: [],
      confidence: 0.99,
      evidence: ['elf: .go.buildinfo go1.26.8'],
      source: 'process',
    });
    expect(index.forContainer(['uid-1'], 'sidecar')).toEqual([]);
  });

  describe('agents seen only in the pod spec', () => {
    const javaProcess = (otherAgents: ProcessFinding['otherAgents'] = []): ProcessFinding => ({
      pid: 1,
      language: 'java',
      runtimeVersion: '17.0.9',
      libc: 'musl',
      otherAgents,
      confidence: 0.99,
      evidence: ['exe: /opt/java/bin/java'],
    });

    it('keeps the process language, version and libc, and adds the pod spec\'s vendor env vars', () => {
      const detection = mergeDetection(
        {
          name: 'app',
          // The image says glibc Java 21; the process says musl Java 17: the process wins.
          image: 'eclipse-temurin:21-jre',
          env: [
            { name: 'DD_TRACE_ENABLED', value: 'true' },
            { name: 'NEW_RELIC_LICENSE_KEY', valueFrom: { secretKeyRef: { name: 'nr', key: 'key' } } },
          ],
        },
        [javaProcess()],
      );
      expect(detection).toMatchObject({
        language: 'java',
        runtimeVersion: '17.0.9',
        libc: 'musl',
        confidence: 0.99,
        evidence: ['exe: /opt/java/bin/java'],
        source: 'process',
      });
      expect(detection.otherAgents).toEqual([
        { vendor: 'datadog', name: 'Datadog APM', evidence: 'pod spec: env DD_TRACE_ENABLED is set' },
        { vendor: 'newrelic', name: 'New Relic APM', evidence: 'pod spec: env NEW_RELIC_LICENSE_KEY is set' },
      ]);
    });

    it('reports another -javaagent in JAVA_TOOL_OPTIONS the process has not loaded', () => {
      const detection = mergeDetection(
        {
          name: 'app',
          image: 'eclipse-temurin:21-jre',
          env: [{ name: 'JAVA_TOOL_OPTIONS', value: '-Xmx512m -javaagent:/agents/elastic-apm-agent.jar' }],
        },
        [javaProcess()],
      );
      expect(detection.otherAgents).toEqual([
        {
          vendor: 'elastic',
          name: 'Elastic APM',
          evidence: 'pod spec: env JAVA_TOOL_OPTIONS contains elastic-apm-agent',
        },
      ]);
    });

    it('lists a vendor once, with the process evidence, when both saw it', () => {
      const detection = mergeDetection(
        {
          name: 'app',
          image: 'eclipse-temurin:21-jre',
          env: [
            { name: 'JAVA_TOOL_OPTIONS', value: '-javaagent:/dd/dd-java-agent.jar' },
            { name: 'DD_TRACE_ENABLED', value: 'true' },
          ],
        },
        [
          javaProcess([
            { vendor: 'datadog', name: 'Datadog APM', evidence: 'cmdline contains dd-java-agent' },
          ]),
          // A wrapper shell next to the JVM that loads another vendor through the environment.
          {
            pid: 9,
            language: 'unknown',
            runtimeVersion: null,
            libc: 'musl',
            otherAgents: [{ vendor: 'dynatrace', name: 'Dynatrace OneAgent', evidence: 'maps: /opt/dynatrace/liboneagentproc.so' }],
            confidence: 0.5,
            evidence: ['shell'],
          },
        ],
      );
      expect(detection.otherAgents).toEqual([
        { vendor: 'datadog', name: 'Datadog APM', evidence: 'cmdline contains dd-java-agent' },
        { vendor: 'dynatrace', name: 'Dynatrace OneAgent', evidence: 'maps: /opt/dynatrace/liboneagentproc.so' },
      ]);
    });

    it('ignores vendor env vars set to false', () => {
      const detection = mergeDetection(
        { name: 'app', image: 'eclipse-temurin:21-jre', env: [{ name: 'DD_TRACE_ENABLED', value: 'false' }] },
        [javaProcess()],
      );
      expect(detection.otherAgents).toEqual([]);
    });
  });
});
