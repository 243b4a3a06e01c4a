export interface Config {
  /**
   * Zero-code observability. Clusters are not configured here: the plugin reads the same
   * `kubernetes.clusterLocatorMethods` that Backstage's Kubernetes plugin reads.
   */
  observability?: {
    /**
     * Entity refs of groups whose members may do everything in the product (manage
     * destinations and cluster installs, instrument any entity), e.g. `group:default/platform`.
     * Read by the default permission policy in packages/backend.
     */
    adminGroups?: string[];

    /** Timeout for one request to a cluster, Tempo or Prometheus, in milliseconds. Default 10000. */
    requestTimeoutMs?: number;

    /** How the portal instruments workloads. */
    instrumentation?: {
      /** Share of new traces sampled (parentbased_traceidratio), 0..1. Default 1. */
      samplingRatio?: number;
      /** Context propagators the agents use. Default [tracecontext, baggage]. */
      propagators?: Array<'tracecontext' | 'baggage' | 'b3' | 'b3multi' | 'jaeger' | 'xray' | 'ottrace'>;
      /** How long pods of an instrumented revision may take to become ready before it is rolled back. Default 300. */
      rolloutTimeoutSeconds?: number;
    };

    /** Coverage history on the coverage page. */
    coverage?: {
      /** Minutes between coverage snapshots (5..1440). Default 60. */
      snapshotIntervalMinutes?: number;
    };

    /**
     * The Grafana Tempo instance(s) traces are read from: `url` is the global one; `clusters`
     * gives clusters their own. Set `url`, `clusters`, or both. Only these URLs are ever fetched.
     */
    tempo?: {
      /** Base URL of the global Tempo's HTTP API, e.g. http://tempo:3200. Used for clusters without their own. */
      url?: string;
      /** Value of the X-Scope-OrgID header sent to the global Tempo, for multi-tenant Tempo. */
      tenant?: string;
      /**
       * Bearer token sent to the global Tempo, when it sits behind an authenticating proxy.
       * @visibility secret
       */
      token?: string;
      /**
       * Per-cluster Tempo instances, keyed by a cluster name from `kubernetes.clusterLocatorMethods`
       * (an unknown name fails start-up). An entity's traces are read from the instances of the
       * clusters its workloads run in; the Traces page reads every instance.
       */
      clusters?: {
        [clusterName: string]: {
          /** Base URL of this cluster's Tempo HTTP API. */
          url: string;
          /** Value of the X-Scope-OrgID header sent to this Tempo. */
          tenant?: string;
          /**
           * Bearer token sent to this Tempo.
           * @visibility secret
           */
          token?: string;
        };
      };
    };

    /** The Prometheus that receives Tempo's metrics-generator series (service graph, span metrics). */
    prometheus?: {
      /** Base URL of the Prometheus HTTP API, e.g. http://prometheus:9090. */
      url: string;
      /**
       * Bearer token sent to Prometheus.
       * @visibility secret
       */
      token?: string;
    };

    /** The telemetry pipeline the portal installs on each cluster. */
    pipeline?: {
      /** Container images (upstream by default); override to use a mirror. */
      images?: {
        /** Default otel/opentelemetry-collector-contrib:0.152.0. */
        collector?: string;
        /** Default otel/ebpf-instrument:v0.14.0. */
        ebpfAgent?: string;
        /** Default: the node agent's own default (upstream Node.js image plus its bundle). */
        nodeAgent?: string;
      };
    };

    /** Grafana, for "open in Explore" links from the trace view. */
    grafana?: {
      /** Base URL of Grafana, e.g. https://grafana.example.com. */
      url: string;
      /** UID of the Tempo data source in that Grafana. */
      tempoDatasourceUid?: string;
    };
  };
}
