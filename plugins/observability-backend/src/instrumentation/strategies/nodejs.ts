import { AGENT_IMAGES, INIT_RESOURCES } from './images';
import { agentVolume, commonOtelEnv, majorVersion } from './common';
import type { Strategy } from './types';

const MOUNT = '/otel-auto-instrumentation-nodejs';
const VOLUME = 'opentelemetry-auto-instrumentation-nodejs';

/** OpenTelemetry JS auto-instrumentation via `NODE_OPTIONS=--require` (Node.js 18.19+). */
export const nodejsStrategy: Strategy = {
  id: 'nodejs',
  languages: ['nodejs'],
  unsupportedReason(ctx) {
    const major = majorVersion(ctx.detection.runtimeVersion);
    if (major !== undefined && major < 18) {
      return `Node.js ${ctx.detection.runtimeVersion} is older than 18, the oldest the OpenTelemetry JS SDK supports`;
    }
    return undefined;
  },
  inject(ctx) {
    const { volume, mount } = agentVolume(VOLUME, MOUNT);
    return {
      initContainers: [
        {
          name: VOLUME,
          image: AGENT_IMAGES.nodejs,
          command: ['cp', '-r', '/autoinstrumentation/.', MOUNT],
          volumeMounts: [mount],
          resources: INIT_RESOURCES,
        },
      ],
      volumes: [volume],
      volumeMounts: [mount],
      env: commonOtelEnv(ctx, 'grpc'),
      envExtensions: [
        {
          name: 'NODE_OPTIONS',
          value: `--require ${MOUNT}/autoinstrumentation.js`,
          position: 'append',
          separator: ' ',
        },
      ],
    };
  },
};
