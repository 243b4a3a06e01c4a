import type {
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  observabilityEntityReadPermission,
  serviceNameOfEntity,
  serviceQuerySchema,
  tagValuesQuerySchema,
  toWireTrace,
  traceIdSchema,
  traceSearchQuerySchema,
  type ParsedTraceSearchQuery,
  type Trace,
  type TraceResponse,
  type TraceSearchResponse,
} from '@internal/plugin-observability-common';
import type { Request } from 'express';
import Router from 'express-promise-router';
import type { z } from 'zod';
import type { EntityAccess } from '../entities/EntityAccess';
import { CoverageSignalsService } from './CoverageSignalsService';
import { grafanaExploreUrl } from './grafanaLinks';
import type { PrometheusClient } from './prometheus/PrometheusClient';
import { ServiceGraphService } from './ServiceGraphService';
import type { TempoClient } from './TempoClient';
import { TempoInstances, type TempoInstance } from './TempoInstances';
import type { WorkloadResolver } from '../workloads/WorkloadResolver';

export interface TracesRouterOptions {
  httpAuth: HttpAuthService;
  /** Checks `observability.entity.read` on the entity a request names, then loads it from the catalog. */
  entities: Pick<EntityAccess, 'load'>;
  logger: LoggerService;
  /** The global Tempo (`observability.tempo`). With no Tempo at all, trace routes answer 503. */
  tempo?: TempoClient;
  /** Per-cluster Tempo instances (`observability.tempo.clusters`), by cluster name. */
  tempoByCluster?: Record<string, TempoClient>;
  /** Finds the clusters an entity runs in, to pick its Tempo; without it the global one is used. */
  workloads?: Pick<WorkloadResolver, 'resolve'>;
  prometheus?: PrometheusClient;
  grafana?: { url: string; tempoDatasourceUid?: string };
}

/** `attr=span.http.route=/cart` → `{ key, op, value }`; the schema validates the parts. */
function parseAttributeParams(
  raw: unknown,
): { key: string; op: string; value: string }[] {
  if (raw === undefined) return [];
  return (Array.isArray(raw) ? raw : [raw]).map(item => {
    const match = /^([^=!~<>\s]+)\s*(!=|=~|>|<|=)(.*)$/s.exec(String(item));
    if (!match)
      throw new InputError(
        `Invalid attribute filter "${item}": use key=value, key!=value, key=~regex, key>n or key<n`,
      );
    return { key: match[1], op: match[2], value: match[3] };
  });
}

function parse<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new InputError(
      `Invalid ${what}: ${parsed.error.issues
        .map(i => `${i.path.join('.') || 'value'}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}

/** The entity a request is made for, once the caller may read it. */
interface EntityScope {
  ref: string;
  /** The `service.name` of the entity's spans: what its requests are confined to. */
  service: string;
  entity: Entity;
}

/** Several instances' search results as one: deduplicated by trace id, newest first, `limit` kept. */
export function mergeSearchResults(
  results: TraceSearchResponse[],
  limit: number,
): TraceSearchResponse {
  const byId = new Map<string, TraceSearchResponse['traces'][number]>();
  for (const trace of results.flatMap(r => r.traces)) {
    if (!byId.has(trace.traceId)) byId.set(trace.traceId, trace);
  }
  return {
    query: results[0]?.query ?? '',
    traces: [...byId.values()]
      .sort((a, b) => b.startUs - a.startUs)
      .slice(0, limit),
  };
}

/**
 * The service a request may read: the entity's own when the request names one (asking for
 * another service is refused), else whatever the caller asked for.
 */
function scopedService(
  scope: EntityScope | undefined,
  requested: unknown,
): string | undefined {
  const asked =
    requested === undefined || requested === '' ? undefined : String(requested);
  if (!scope) return asked;
  if (asked !== undefined && asked !== scope.service) {
    throw new NotAllowedError(
      `Requests made for ${scope.ref} read its service "${scope.service}" only, not "${asked}"`,
    );
  }
  return scope.service;
}

/**
 * Trace routes: search, trace by id, tag names and values, service graph, coverage signals.
 * Every caller must be a signed-in user. When the request names the entity it is made for
 * (`entityRef`), the user must hold `observability.entity.read` on it and the request is
 * confined to the entity's `service.name`: searches are filtered to it, a trace is returned
 * only when it has a span of it, and graphs and signals are of it only.
 */
export function createTracesRouter(options: TracesRouterOptions) {
  const { httpAuth, entities, prometheus, grafana, logger, workloads } =
    options;
  const router = Router();
  const instances = new TempoInstances({
    global: options.tempo,
    clusters: options.tempoByCluster,
  });
  // Graphs and signals are read from one instance (the first for the request), each cached apart.
  const graphsByInstance = new Map<string, ServiceGraphService>();
  const coverageByInstance = new Map<string, CoverageSignalsService>();
  for (const { name, client } of instances.all()) {
    graphsByInstance.set(
      name,
      new ServiceGraphService({ tempo: client, prometheus, logger }),
    );
    coverageByInstance.set(
      name,
      new CoverageSignalsService({ tempo: client, prometheus, logger }),
    );
  }
  const graphsWithoutTempo = new ServiceGraphService({ prometheus, logger });

  /** Authenticates the caller and, with `entityRef`, authorizes and resolves the entity. */
  async function authorize(req: Request): Promise<EntityScope | undefined> {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entityRef = req.query.entityRef;
    if (entityRef === undefined) return undefined;
    let path: { kind: string; namespace: string; name: string };
    try {
      if (typeof entityRef !== 'string') throw new Error('not one value');
      path = parseEntityRef(entityRef);
    } catch {
      throw new InputError(`Invalid entityRef ${String(entityRef)}`);
    }
    // The catalog is asked with the caller's credentials: an entity they cannot see is a 404.
    const entity = await entities.load(
      path,
      observabilityEntityReadPermission,
      credentials,
    );
    return {
      ref: stringifyEntityRef(entity),
      service: serviceNameOfEntity(entity),
      entity,
    };
  }

  /** The instances a request reads: its entity's clusters' ones, or every one without an entity. */
  async function instancesFor(
    scope: EntityScope | undefined,
  ): Promise<TempoInstance[]> {
    let selected = instances.all();
    // Only per-cluster instances make the entity's clusters matter; skip the lookup otherwise.
    if (scope && workloads && instances.hasPerCluster()) {
      let clusters: string[] = [];
      try {
        clusters = (await workloads.resolve(scope.entity))
          .filter(c => c.workloads.length > 0)
          .map(c => c.cluster);
      } catch (error) {
        // E.g. an entity without Kubernetes annotations: its traces may still be in Tempo.
        logger.debug(
          `Could not find the clusters of ${scope.ref}, using the fallback Tempo: ${error}`,
        );
      }
      selected = instances.forClusters(clusters);
    }
    if (selected.length === 0) {
      throw new ServiceUnavailableError(
        'No Tempo is configured: set observability.tempo.url (or observability.tempo.clusters) in app-config.yaml.',
      );
    }
    return selected;
  }

  async function firstTempo(scope: EntityScope | undefined) {
    return (await instancesFor(scope))[0];
  }

  /** Searches every instance; one failing is reported while the others' results are kept. */
  async function searchAll(
    selected: TempoInstance[],
    query: ParsedTraceSearchQuery,
  ): Promise<TraceSearchResponse> {
    const settled = await Promise.allSettled(
      selected.map(i => i.client.search(query)),
    );
    const answers = settled.flatMap(s =>
      s.status === 'fulfilled' ? [s.value] : [],
    );
    const failures = settled.flatMap((s, index) =>
      s.status === 'rejected'
        ? [{ instance: selected[index].name, reason: s.reason as Error }]
        : [],
    );
    // All failed: answer with the (first) error itself, e.g. 400 for bad TraceQL, 503 unreachable.
    if (answers.length === 0) throw failures[0].reason;
    const merged = mergeSearchResults(answers, query.limit);
    return failures.length === 0
      ? merged
      : {
          ...merged,
          errors: failures.map(f => ({
            instance: f.instance,
            message: f.reason.message,
          })),
        };
  }

  /** Asks the instances in turn until one has the trace. */
  async function getTraceFromAny(
    selected: TempoInstance[],
    traceId: string,
  ): Promise<Trace> {
    let firstFailure: Error | undefined;
    let notFound: Error | undefined;
    for (const { client } of selected) {
      try {
        return await client.getTrace(traceId);
      } catch (error) {
        if ((error as Error).name === 'NotFoundError')
          notFound ??= error as Error;
        else firstFailure ??= error as Error;
      }
    }
    // A failed instance might hold the trace, so "not found" would not be truthful then.
    throw firstFailure ?? notFound!;
  }

  router.get('/traces/search', async (req, res) => {
    const scope = await authorize(req);
    const { attr, ...rest } = req.query;
    const query = parse(
      traceSearchQuerySchema,
      {
        ...rest,
        service: scopedService(scope, rest.service),
        attributes: parseAttributeParams(attr),
      },
      'trace search',
    );
    res.json(await searchAll(await instancesFor(scope), query));
  });

  router.get('/traces/status', async (req, res) => {
    const { client } = await firstTempo(await authorize(req));
    const [ready, info] = await Promise.allSettled([
      client.ready(),
      client.buildInfo(),
    ]);
    res.json({
      ready: ready.status === 'fulfilled',
      ...(ready.status === 'rejected'
        ? { error: (ready.reason as Error).message }
        : {}),
      ...(info.status === 'fulfilled' ? { version: info.value.version } : {}),
    });
  });

  /*
   * Status, tag names and values come from the request's first instance only.
   * Tag suggestions are not narrowed to the entity's service: Tempo's `q` filter on these
   * endpoints returns only some of a service's values (seen against the stack's Tempo, a
   * May 2025 build), which would make the suggestions misleading.
   */
  router.get('/traces/tags', async (req, res) => {
    const { client } = await firstTempo(await authorize(req));
    res.json({ tags: await client.tagNames() });
  });

  router.get('/traces/tags/:tag/values', async (req, res) => {
    const scope = await authorize(req);
    const { tag } = parse(
      tagValuesQuerySchema,
      { tag: req.params.tag },
      'tag name',
    );
    const { client } = await firstTempo(scope);
    res.json({ values: await client.tagValues(tag) });
  });

  router.get('/traces/:traceId', async (req, res) => {
    const scope = await authorize(req);
    const traceId = parse(traceIdSchema, req.params.traceId, 'trace id');
    const trace = await getTraceFromAny(await instancesFor(scope), traceId);
    // Knowing a trace id is no reason to read it on an entity the trace never touched.
    if (scope && !trace.spans.some(s => s.serviceName === scope.service)) {
      throw new NotFoundError(
        `Trace ${traceId} has no span of service "${scope.service}" (${scope.ref}).`,
      );
    }
    const body: TraceResponse = {
      trace: toWireTrace(trace),
      ...(grafana
        ? { grafanaExploreUrl: grafanaExploreUrl(grafana, traceId) }
        : {}),
    };
    res.json(body);
  });

  router.get('/service-graph', async (req, res) => {
    const scope = await authorize(req);
    const { service, windowMinutes } = parse(
      serviceQuerySchema,
      { ...req.query, service: scopedService(scope, req.query.service) },
      'service graph query',
    );
    const selected =
      instances.all().length > 0 ? await firstTempo(scope) : undefined;
    const graphs = selected
      ? graphsByInstance.get(selected.name)!
      : graphsWithoutTempo;
    res.json(await graphs.get(service, windowMinutes));
  });

  router.get('/coverage-signals', async (req, res) => {
    const scope = await authorize(req);
    const { service, windowMinutes } = parse(
      serviceQuerySchema,
      { ...req.query, service: scopedService(scope, req.query.service) },
      'coverage query',
    );
    const { name } = await firstTempo(scope);
    res.json(await coverageByInstance.get(name)!.get(service, windowMinutes));
  });

  return router;
}
