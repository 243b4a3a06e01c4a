/*
 * CLI behind the root scripts:
 *   yarn stack:up [--demo]     build if needed, start, wait for readiness, print URLs and ports
 *   yarn stack:status [--json] what runs, where, healthy or not
 *   yarn stack:down            stop exactly what the stack started (pids in test/stack/.run/state.json)
 *   yarn stack:demo            (re)apply the demo workloads to the running stack
 *   yarn stack:build           only build/locate the binaries
 * Run with the repo's Node: node -r @backstage/cli/config/nodeTransform.cjs test/stack/src/cli.ts
 */
import { buildRecords, ensureBinaries } from './build';
import { formatBytes, log, setQuiet } from './log';
import { PORTS } from './ports';
import {
  applyDemo,
  ensureStackUp,
  stackStatus,
  StackInfo,
  stopStack,
} from './stack';

function overall(healthy: boolean, running: boolean): string {
  if (healthy) return 'healthy';
  return running ? 'UNHEALTHY' : 'stopped';
}

function printInfo(info: StackInfo) {
  const lines = [
    '',
    'Observability test stack is up (127.0.0.1 only):',
    `  kube-apiserver      ${info.apiServerUrl}`,
    `  admin kubeconfig    ${info.kubeconfigPath}`,
    `  portal kubeconfig   ${info.restricted.kubeconfigPath}  (ServiceAccount ${info.restricted.namespace}/${info.restricted.serviceAccount})`,
    `  portal token        ${info.restricted.tokenPath}`,
    `  KWOK nodes          ${info.nodes.join(', ')}`,
    `  Tempo API           ${info.tempo.httpUrl}   (gRPC ${info.tempo.grpcAddress})`,
    `  Tempo OTLP          grpc ${info.tempo.otlpGrpcEndpoint}   http ${info.tempo.otlpHttpUrl}`,
    `  Prometheus          ${info.prometheusUrl}`,
    `  otelcol-obs         ${info.collectorBinary}`,
    '',
    'Ports:',
    ...Object.entries(PORTS).map(([k, v]) => `  ${k.padEnd(20)}${v}`),
    '',
    `  export KUBECONFIG=${info.kubeconfigPath}`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(argv: string[]) {
  const [cmd = 'status', ...rest] = argv;
  const flags = new Set(rest);
  switch (cmd) {
    case 'up': {
      const started = Date.now();
      const info = await ensureStackUp({ demo: flags.has('--demo') });
      printInfo(info);
      log(`ready after ${((Date.now() - started) / 1000).toFixed(1)}s`);
      return 0;
    }
    case 'demo': {
      const info = await ensureStackUp();
      await applyDemo(info);
      return 0;
    }
    case 'down':
      await stopStack();
      return 0;
    case 'build': {
      const bins = await ensureBinaries();
      process.stdout.write(
        `${JSON.stringify(
          { binaries: bins, builds: buildRecords() },
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    case 'status': {
      const json = flags.has('--json');
      if (json) setQuiet(true);
      const status = await stackStatus();
      if (json) {
        // The tokens stay in their files; status output never carries secrets.
        const { info, ...rest2 } = status;
        const out = {
          ...rest2,
          info: info && {
            apiServerUrl: info.apiServerUrl,
            kubeconfigPath: info.kubeconfigPath,
            caCertPath: info.caCertPath,
            restricted: {
              namespace: info.restricted.namespace,
              serviceAccount: info.restricted.serviceAccount,
              tokenPath: info.restricted.tokenPath,
              kubeconfigPath: info.restricted.kubeconfigPath,
            },
            nodes: info.nodes,
            tempo: info.tempo,
            prometheusUrl: info.prometheusUrl,
            collectorBinary: info.collectorBinary,
            ports: info.ports,
            startedAt: info.startedAt,
          },
        };
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      } else if (!status.components.length) {
        process.stdout.write('stack: not running (no state in the run dir)\n');
      } else {
        process.stdout.write(
          `stack: ${overall(status.healthy, status.running)} (run dir ${
            status.runDir
          })\n`,
        );
        for (const c of status.components) {
          process.stdout.write(
            `  ${c.name.padEnd(24)} pid ${String(c.pid).padEnd(8)} ${overall(
              c.healthy,
              c.running,
            ).padEnd(9)} ${formatBytes(c.rssBytes).padStart(10)}  ${
              c.endpoint
            }\n`,
          );
        }
        process.stdout.write(
          `  total RSS ${formatBytes(status.totalRssBytes)}\n`,
        );
      }
      return status.healthy || !status.components.length ? 0 : 1;
    }
    default:
      process.stderr.write(
        'usage: stack <up [--demo] | status [--json] | down | demo | build>\n',
      );
      return 2;
  }
}

main(process.argv.slice(2)).then(
  code => process.exit(code),
  err => {
    const detail = process.env.OBS_STACK_DEBUG ? err?.stack : err?.message;
    process.stderr.write(`[stack] error: ${detail ?? err}\n`);
    process.exit(1);
  },
);
