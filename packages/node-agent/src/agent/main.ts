import { inClusterConfig, KubeClient } from './kube';
import { NodeAgent } from './node-agent';
import type { Logger } from './pods';

declare const __NODE_AGENT_VERSION__: string | undefined;

export function agentVersion(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AGENT_VERSION) return env.AGENT_VERSION;
  return typeof __NODE_AGENT_VERSION__ !== 'undefined'
    ? __NODE_AGENT_VERSION__
    : '0.0.0-dev';
}

const jsonLog: Logger = (level, msg, fields) => {
  const line = JSON.stringify({
    time: new Date().toISOString(),
    level,
    msg,
    ...fields,
  });
  if (level === 'error') process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
};

function seconds(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? n * 1000 : fallback;
}

/** Starts the node agent from environment variables (see README); stops on SIGTERM/SIGINT. */
export async function main(
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const nodeName = env.NODE_NAME;
  if (!nodeName) {
    jsonLog(
      'error',
      'NODE_NAME is not set (use the downward API: spec.nodeName)',
    );
    process.exitCode = 2;
    return;
  }
  const agent = new NodeAgent({
    kube: new KubeClient(inClusterConfig(env)),
    nodeName,
    agentVersion: agentVersion(env),
    namespace: env.FINDINGS_NAMESPACE || undefined,
    procRoot: env.PROC_ROOT || '/proc',
    rescanIntervalMs: seconds(env.RESCAN_INTERVAL_SECONDS, 60_000),
    debounceMs: env.SCAN_DEBOUNCE_MS ? Number(env.SCAN_DEBOUNCE_MS) : undefined,
    heartbeatMs: seconds(env.HEARTBEAT_SECONDS, 300_000),
    log: jsonLog,
  });
  const shutdown = (signal: string) => {
    jsonLog('info', 'stopping', { signal });
    void agent.stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  jsonLog('info', 'starting', { node: nodeName, version: agentVersion(env) });
  await agent.start();
}
