import type {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  observabilityEntityReadPermission,
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
import { CoverageSignalsService } from './CoverageSignalsService';
import { grafanaExploreUrl } from './grafanaLinks';
import type { PrometheusClient } from './prometheus/PrometheusClient';
import { ServiceGraphService } from './ServiceGraphService';
import type { TempoClient } from './TempoClient';

export interface TracesRouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
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

/**
 * Trace routes: search, trace by id, tag names and values, service graph, coverage signals.
 * Every caller must be a signed-in user; when the request names the entity it is made for
 * (`entityRef`), the user must hold `observability.entity.read` on it.
 */
export function createTracesRouter(options: TracesRouterOptions) {
  const { httpAuth, permissions, tempo, prometheus, grafana, logger } = options;
  const router = Router();
  const graphs = new ServiceGraphService({ tempo, prometheus, logger });
  const coverage = tempo
    ? new CoverageSignalsService({ tempo, prometheus, logger })
    : undefined;

  async function authorize(req: Request) {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entityRef = req.query.entityRef;
    if (entityRef === undefined) return;
    let ref: string;
    try {
      ref = stringifyEntityRef(parseEntityRef(String(entityRef)));
    } catch {
      throw new InputError(`Invalid entityRef ${String(entityRef)}`);
    }
    const [decision] = await permissions.authorize(
      [{ permission: observabilityEntityReadPermission, resourceRef: ref }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You are not allowed to read traces of ${ref}`);
    }
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
    await authorize(req);
    const { attr, ...rest } = req.query;
    const query = parse(
      traceSearchQuerySchema,
      { ...rest, attributes: parseAttributeParams(attr) },
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
    await authorize(req);
    const traceId = parse(traceIdSchema, req.params.traceId, 'trace id');
    const body: TraceResponse = {
      trace: toWireTrace(await requireTempo().getTrace(traceId)),
      ...(grafana
        ? { grafanaExploreUrl: grafanaExploreUrl(grafana, traceId) }
        : {}),
    };
    res.json(body);
  });

  router.get('/service-graph', async (req, res) => {
    await authorize(req);
    const { service, windowMinutes } = parse(
      serviceQuerySchema,
      req.query,
      'service graph query',
    );
    res.json(await graphs.get(service, windowMinutes));
  });

  router.get('/coverage-signals', async (req, res) => {
    await authorize(req);
    const { service, windowMinutes } = parse(
      serviceQuerySchema,
      req.query,
      'coverage query',
    );
    if (!coverage) requireTempo();
    res.json(await coverage!.get(service, windowMinutes));
  });

  return router;
}
