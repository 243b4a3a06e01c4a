import { AGENT_IMAGES, INIT_RESOURCES } from './images';
import { agentVolume, commonOtelEnv, majorMinor } from './common';
import type { Strategy } from './types';

const MOUNT = '/otel-auto-instrumentation-python';
const VOLUME = 'opentelemetry-auto-instrumentation-python';

/**
 * OpenTelemetry Python auto-instrumentation through PYTHONPATH (its sitecustomize starts the
 * SDK). The image carries glibc and musl builds; Alpine (musl) containers get the musl one.
 * Python exports over OTLP/HTTP, as the Operator configures it.
 */
export const pythonStrategy: Strategy = {
  id: 'python',
  languages: ['python'],
  unsupportedReason(ctx) {
    const version = majorMinor(ctx.detection.runtimeVersion);
    if (version && (version[0] < 3 || (version[0] === 3 && version[1] < 9))) {
      return `Python ${ctx.detection.runtimeVersion} is older than 3.9, the oldest OpenTelemetry Python supports`;
    }
    return undefined;
  },
  inject(ctx) {
    const { volume, mount } = agentVolume(VOLUME, MOUNT);
    const source = ctx.detection.libc === 'musl' ? '/autoinstrumentation-musl/.' : '/autoinstrumentation/.';
    return {
      initContainers: [
        {
          name: VOLUME,
          image: AGENT_IMAGES.python,
          command: ['cp', '-r', source, MOUNT],
          volumeMounts: [mount],
          resources: INIT_RESOURCES,
        },
      ],
      volumes: [volume],
      volumeMounts: [mount],
      env: [
        ...commonOtelEnv(ctx, 'http/protobuf'),
        { name: 'OTEL_TRACES_EXPORTER', value: 'otlp' },
        { name: 'OTEL_METRICS_EXPORTER', value: 'otlp' },
        { name: 'OTEL_LOGS_EXPORTER', value: 'otlp' },
      ],
      envExtensions: [
        {
          name: 'PYTHONPATH',
          value: `${MOUNT}/opentelemetry/instrumentation/auto_instrumentation:${MOUNT}`,
          position: 'prepend',
          separator: ':',
        },
      ],
    };
  },
};
