import { AGENT_IMAGES, INIT_RESOURCES } from './images';
import { agentVolume, commonOtelEnv, majorVersion } from './common';
import type { Strategy } from './types';

const MOUNT = '/otel-auto-instrumentation-dotnet';
const VOLUME = 'opentelemetry-auto-instrumentation-dotnet';

/** OpenTelemetry .NET auto-instrumentation: CLR profiler plus startup hook (.NET 8+). */
export const dotnetStrategy: Strategy = {
  id: 'dotnet',
  languages: ['dotnet'],
  unsupportedReason(ctx) {
    const major = majorVersion(ctx.detection.runtimeVersion);
    if (major !== undefined && major < 8) {
      return `.NET ${ctx.detection.runtimeVersion} is older than .NET 8, the oldest OpenTelemetry .NET auto-instrumentation supports`;
    }
    return undefined;
  },
  inject(ctx) {
    const { volume, mount } = agentVolume(VOLUME, MOUNT);
    const runtime = ctx.detection.libc === 'musl' ? 'linux-musl-x64' : 'linux-x64';
    return {
      initContainers: [
        {
          name: VOLUME,
          image: AGENT_IMAGES.dotnet,
          command: ['cp', '-r', '/autoinstrumentation/.', MOUNT],
          volumeMounts: [mount],
          resources: INIT_RESOURCES,
        },
      ],
      volumes: [volume],
      volumeMounts: [mount],
      env: [
        ...commonOtelEnv(ctx, 'grpc'),
        { name: 'CORECLR_ENABLE_PROFILING', value: '1' },
        { name: 'CORECLR_PROFILER', value: '{918728DD-259F-4A6A-AC2B-B85E1B658318}' },
        {
          name: 'CORECLR_PROFILER_PATH',
          value: `${MOUNT}/${runtime}/OpenTelemetry.AutoInstrumentation.Native.so`,
        },
        { name: 'DOTNET_ADDITIONAL_DEPS', value: `${MOUNT}/AdditionalDeps` },
        { name: 'DOTNET_SHARED_STORE', value: `${MOUNT}/store` },
        {
          name: 'DOTNET_STARTUP_HOOKS',
          value: `${MOUNT}/net/OpenTelemetry.AutoInstrumentation.StartupHook.dll`,
        },
        { name: 'OTEL_DOTNET_AUTO_HOME', value: MOUNT },
      ],
      envExtensions: [],
    };
  },
};
