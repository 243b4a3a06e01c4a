import type {
  ChangeResultDto,
  Operation,
  PlanResponse,
  RolloutStatus,
  WorkloadRef,
} from '@internal/plugin-observability-common';
import type { ObservabilityApi } from '../../../api';

/** Test data shaped like the backend's responses, for the dialog and tab tests. */

export const checkoutRef = 'component:default/checkout';

export const checkoutDeployment: WorkloadRef = {
  cluster: 'local',
  kind: 'Deployment',
  namespace: 'shop',
  name: 'checkout',
};

/** A Java container next to another vendor's agent (needs confirming) and an unsupported sidecar. */
export const checkoutPlan: PlanResponse = {
  entityRef: checkoutRef,
  clusterErrors: [
    { cluster: 'prod', error: 'cluster prod did not answer within 10000 ms' },
  ],
  plans: [
    {
      workload: checkoutDeployment,
      containers: [
        {
          container: 'app',
          language: 'java',
          strategy: 'java',
          action: 'instrument',
          reason:
            'java 21 → OpenTelemetry java agent injected by an init container',
          requiresConfirmation: ['other-agent:app'],
        },
        {
          container: 'proxy',
          language: 'ruby',
          action: 'refuse',
          reason: 'no agent can instrument a container whose language is ruby',
          requiresConfirmation: [],
        },
      ],
      diff: [
        '===================================================================',
        '--- checkout (as its owner wrote it)',
        '+++ checkout (instrumented)',
        '@@ -4,3 +4,5 @@',
        '       env:',
        '         - name: JAVA_TOOL_OPTIONS',
        '-          value: -Xmx512m',
        '+          value: -Xmx512m -javaagent:/otel-auto-instrumentation-java/javaagent.jar',
        '+        - name: OTEL_SERVICE_NAME',
      ].join('\n'),
      revision: 'r1',
      alreadyApplied: false,
      extendsEnv: [{ container: 'app', name: 'JAVA_TOOL_OPTIONS' }],
      usesEbpf: false,
    },
  ],
  operator: [{ cluster: 'local', installed: true }],
};

export function changeResult(
  overrides: Partial<ChangeResultDto> = {},
): ChangeResultDto {
  return {
    workload: checkoutDeployment,
    outcome: 'applied',
    message: 'server-side applied and restarted',
    steps: [],
    conflicts: [],
    ...overrides,
  };
}

export function rollout(overrides: Partial<RolloutStatus> = {}): RolloutStatus {
  return {
    workload: checkoutDeployment,
    phase: 'progressing',
    desired: 2,
    updated: 1,
    ready: 0,
    message: '1 of 2 new pods updated',
    ...overrides,
  };
}

export function operation(overrides: Partial<Operation> = {}): Operation {
  return {
    id: 'op-1',
    entityRef: checkoutRef,
    action: 'instrument',
    state: 'running',
    results: [changeResult()],
    rollouts: [rollout()],
    startedAt: '2026-11-21T10:00:00.000Z',
    ...overrides,
  };
}

/** An ObservabilityApi whose every method is a jest mock; tests set the answers they need. */
export function mockObservabilityApi(): jest.Mocked<ObservabilityApi> {
  const unexpected = (name: string) =>
    jest.fn(() => Promise.reject(new Error(`unexpected call to ${name}`)));
  return {
    getHealth: unexpected('getHealth'),
    getEntityWorkloads: unexpected('getEntityWorkloads'),
    planInstrumentation: unexpected('planInstrumentation'),
    applyInstrumentation: unexpected('applyInstrumentation'),
    uninstrument: unexpected('uninstrument'),
    exportGitOps: unexpected('exportGitOps'),
    getOperation: unexpected('getOperation'),
    getCoverage: unexpected('getCoverage'),
    getCoverageHistory: unexpected('getCoverageHistory'),
  } as unknown as jest.Mocked<ObservabilityApi>;
}
