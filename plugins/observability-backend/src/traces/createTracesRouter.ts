import type {
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
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
  type TraceResponse,
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

export interface TracesRouterOptions {
  httpAuth: HttpAuthService;
  /** Checks `observability.entity.read` on the entity a request names, then loads it from the catalog. */
  entities: Pick<EntityAccess, 'load'>;
  logger: LoggerService;
  /** Absent when `observability.tempo` is not configured: trace routes then answer 503. */
  tempo?: TempoClient;
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
  const { httpAuth, entities, tempo, prometheus, grafana, logger } = options;
  const router = Router();
  const graphs = new ServiceGraphService({ tempo, prometheus, logger });
  const coverage = tempo
    ? new CoverageSignalsService({ tempo, prometheus, logger })
    : undefined;

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
    };
  }

  function requireTempo(): TempoClient {
    if (!tempo) {
      throw new ServiceUnavailableError(
        'No Tempo is configured: set observability.tempo.url in app-config.yaml.',
      );
    }
    return tempo;
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
    res.json(await requireTempo().search(query));
  });

  router.get('/traces/status', async (req, res) => {
    await authorize(req);
    const client = requireTempo();
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
   * Tag suggestions are not narrowed to the entity's service: Tempo's `q` filter on these
   * endpoints returns only some of a service's values (seen against the stack's Tempo, a
   * May 2025 build), which would make the suggestions misleading.
   */
  router.get('/traces/tags', async (req, res) => {
    await authorize(req);
    res.json({ tags: await requireTempo().tagNames() });
  });

  router.get('/traces/tags/:tag/values', async (req, res) => {
    await authorize(req);
    const { tag } = parse(
      tagValuesQuerySchema,
      { tag: req.params.tag },
      'tag name',
    );
    res.json({ values: await requireTempo().tagValues(tag) });
  });

  router.get('/traces/:traceId', async (req, res) => {
    const scope = await authorize(req);
    const traceId = parse(traceIdSchema, req.params.traceId, 'trace id');
    const trace = await requireTempo().getTrace(traceId);
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
    res.json(await graphs.get(service, windowMinutes));
  });

  router.get('/coverage-signals', async (req, res) => {
    const scope = await authorize(req);
    const { service, windowMinutes } = parse(
      serviceQuerySchema,
      { ...req.query, service: scopedService(scope, req.query.service) },
      'coverage query',
    );
    if (!coverage) requireTempo();
    res.json(await coverage!.get(service, windowMinutes));
  });

  return router;
}
