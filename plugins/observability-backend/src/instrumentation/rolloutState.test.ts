import type { V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { crashReason, newReplicaSet, rolloutState } from './rolloutState';

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

  describe('the new ReplicaSet of a Deployment', () => {
    const revision = (n: string) => ({ 'deployment.kubernetes.io/revision': n });
    const owned = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'checkout', uid: 'd-1' }];
    const checkout = (observedGeneration: number) => ({
      metadata: { generation: 3, uid: 'd-1', annotations: revision('2') },
      spec: { replicas: 2 },
      status: { observedGeneration, replicas: 3, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2 },
    });
    const replicaSet = (name: string, rev: string, ready: number, ownerReferences = owned): V1ReplicaSet => ({
      metadata: { name, annotations: revision(rev), ownerReferences },
      spec: { replicas: 2, selector: { matchLabels: { app: 'checkout' } } },
      status: { replicas: 2, readyReplicas: ready },
    });
    const sets = [
      replicaSet('checkout-old', '1', 2),
      replicaSet('checkout-new', '2', 1),
      // Same labels and revision, another owner: not this Deployment's.
      replicaSet('impostor', '2', 2, [{ ...owned[0], uid: 'd-2' }]),
    ];

    it('is the one owned by the Deployment with its current revision, and its ready pods are the progress', () => {
      expect(newReplicaSet(checkout(3), sets)).toEqual({ name: 'checkout-new', desired: 2, ready: 1 });
      // Two pods are ready, but only one of them runs the new template.
      expect(rolloutState('Deployment', checkout(3), [], sets)).toMatchObject({
        phase: 'progressing',
        ready: 1,
        message: '1/2 updated, 1/2 ready',
        replicaSet: { name: 'checkout-new', desired: 2, ready: 1 },
      });
    });

    it('is unknown until the controller has seen the change (the revision still names the old one)', () => {
      expect(newReplicaSet(checkout(2), sets)).toBeUndefined();
      expect(rolloutState('Deployment', checkout(2), [], sets)).not.toHaveProperty('replicaSet');
      expect(rolloutState('Deployment', checkout(2), [], sets).ready).toBe(2);
    });

    it('stays on a failed rollout so the result names it', () => {
      const crashing = pod([{ name: 'app', restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } } }]);
      expect(rolloutState('Deployment', checkout(3), [crashing], sets)).toMatchObject({
        phase: 'failed',
        replicaSet: { name: 'checkout-new' },
      });
    });
  });
});
