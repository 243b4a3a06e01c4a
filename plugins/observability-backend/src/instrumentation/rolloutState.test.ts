import type { V1Pod } from '@kubernetes/client-node';
import { crashReason, rolloutState } from './rolloutState';

const deployment = (status: any, generation = 2, replicas = 2) => ({
  metadata: { generation },
  spec: { replicas },
  status,
});

const pod = (containerStatuses: any[], initContainerStatuses: any[] = []): V1Pod => ({
  metadata: { name: 'checkout-abc' },
  status: { containerStatuses, initContainerStatuses },
});

describe('rolloutState', () => {
  it('is progressing until the controller has seen the change and every replica is updated and ready', () => {
    expect(rolloutState('Deployment', deployment({ observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 }), []).phase).toBe('progressing');
    expect(rolloutState('Deployment', deployment({ observedGeneration: 2, replicas: 3, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2 }), [])).toMatchObject({
      phase: 'progressing',
      message: '1/2 updated, 2/2 ready',
    });
    expect(rolloutState('Deployment', deployment({ observedGeneration: 2, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 }), [])).toMatchObject({
      phase: 'complete',
      desired: 2,
    });
  });

  it('fails as soon as a new pod crash-loops, naming it', () => {
    const crashing = pod([{ name: 'app', restartCount: 1, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s' } } }]);
    expect(rolloutState('Deployment', deployment({ observedGeneration: 2 }), [crashing])).toMatchObject({
      phase: 'failed',
      message: 'New pods crash-loop: pod checkout-abc container app: CrashLoopBackOff (back-off 10s)',
    });
  });

  it('fails on a stalled rollout and on init containers that cannot start', () => {
    expect(
      rolloutState('Deployment', deployment({ observedGeneration: 2, conditions: [{ type: 'Progressing', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet has timed out progressing.' }] }), []).phase,
    ).toBe('failed');
    expect(crashReason(pod([], [{ name: 'opentelemetry-auto-instrumentation-java', restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }]))).toContain('ImagePullBackOff');
    expect(crashReason(pod([{ name: 'app', restartCount: 3, state: { running: {} } }]))).toContain('restarted 3 times');
    expect(crashReason(pod([{ name: 'app', restartCount: 0, state: { running: {} } }]))).toBeUndefined();
  });

  it('reads DaemonSets by scheduled numbers and leaves CronJobs to their next run', () => {
    expect(rolloutState('DaemonSet', { metadata: { generation: 1 }, status: { observedGeneration: 1, desiredNumberScheduled: 2, updatedNumberScheduled: 2, numberReady: 2, numberAvailable: 2 } }, []).phase).toBe('complete');
    expect(rolloutState('CronJob', {}, []).phase).toBe('not-applicable');
  });
});
