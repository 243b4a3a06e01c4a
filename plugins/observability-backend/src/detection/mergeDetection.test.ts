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
});
