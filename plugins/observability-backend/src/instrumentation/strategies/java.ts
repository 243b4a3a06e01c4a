import { AGENT_IMAGES, INIT_RESOURCES } from './images';
import { agentVolume, commonOtelEnv, majorVersion } from './common';
import type { Strategy } from './types';

const MOUNT = '/otel-auto-instrumentation-java';
const VOLUME = 'opentelemetry-auto-instrumentation-java';

/** The OpenTelemetry Java agent via JAVA_TOOL_OPTIONS (Java 8+), as the Operator injects it. */
export const javaStrategy: Strategy = {
  id: 'java',
  languages: ['java'],
  unsupportedReason(ctx) {
    const major = majorVersion(ctx.detection.runtimeVersion);
    // "1.8" is Java 8; anything reported as 1.x below that predates the agent's support.
    if (major === 1 && !/^1\.8/.test(ctx.detection.runtimeVersion ?? '')) {
      return `Java ${ctx.detection.runtimeVersion} is older than Java 8, the oldest the OpenTelemetry Java agent supports`;
    }
    return undefined;
  },
  inject(ctx) {
    const { volume, mount } = agentVolume(VOLUME, MOUNT);
    return {
      initContainers: [
        {
          name: VOLUME,
          image: AGENT_IMAGES.java,
          command: ['cp', '/javaagent.jar', `${MOUNT}/javaagent.jar`],
          volumeMounts: [mount],
          resources: INIT_RESOURCES,
        },
      ],
      volumes: [volume],
      volumeMounts: [mount],
      env: commonOtelEnv(ctx, 'grpc'),
      envExtensions: [
        {
          name: 'JAVA_TOOL_OPTIONS',
          value: `-javaagent:${MOUNT}/javaagent.jar`,
          position: 'append',
          separator: ' ',
        },
      ],
    };
  },
};
