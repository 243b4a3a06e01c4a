/*
 * The stack's fixed port plan. Every server listens on 127.0.0.1 only.
 * None collides with the portal (frontend 3000, backend 7007) or with the upstream defaults
 * (6443, 2379, 3200, 4317/4318, 9090), so a stack can run beside other local tools.
 */
export const HOST = '127.0.0.1';

export const PORTS = {
  /** kine: etcd v3 API (memory backend) that kube-apiserver stores into. */
  kine: 12379,
  /** kine: Prometheus metrics. */
  kineMetrics: 12380,
  /** kube-apiserver (HTTPS, token auth, RBAC). */
  apiserver: 16443,
  /** kube-controller-manager: HTTPS /healthz and /metrics. */
  controllerManager: 16457,
  /** kube-scheduler: HTTPS /healthz and /metrics. */
  scheduler: 16459,
  /** KWOK controller: /healthz and /metrics. */
  kwok: 16480,
  /** Tempo HTTP API (/ready, /api/search, /api/v2/traces/<id>, /metrics). */
  tempoHttp: 13200,
  /** Tempo internal gRPC server. */
  tempoGrpc: 13095,
  /** Tempo memberlist gossip (single node, loopback). */
  tempoMemberlist: 17946,
  /** Tempo distributor OTLP/gRPC receiver. */
  tempoOtlpGrpc: 14317,
  /** Tempo distributor OTLP/HTTP receiver. */
  tempoOtlpHttp: 14318,
  /** Prometheus (remote-write receiver enabled). */
  prometheus: 19090,
} as const;

export type PortName = keyof typeof PORTS;
