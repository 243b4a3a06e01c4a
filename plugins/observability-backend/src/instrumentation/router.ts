import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  instrumentationRequestSchema,
  observabilityEntityInstrumentPermission,
  observabilityEntityReadPermission,
  type InstrumentationRequest,
} from '@internal/plugin-observability-common';
import { parseEntityRef } from '@backstage/catalog-model';
import Router from 'express-promise-router';
import type { Request } from 'express';
import type { EntityAccess } from '../entities/EntityAccess';
import type { InstrumentationService } from './InstrumentationService';

function parseBody(req: Request): InstrumentationRequest {
  const parsed = instrumentationRequestSchema.safeParse(req.body ?? {});
  if (!parsed.success) {
    throw new InputError(
      `Invalid request: ${parsed.error.issues
        .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}

/**
 * `/entities/:kind/:namespace/:name/instrumentation/*` and `/operations/:id`. Planning and
 * exporting need read access; applying and removing need `observability.entity.instrument`
 * on the entity (its owners and admins) and are audited.
 */
export function createInstrumentationRouter(deps: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  entities: EntityAccess;
  instrumentation: InstrumentationService;
}) {
  const { httpAuth, auditor, entities, instrumentation } = deps;
  const router = Router();
  const base = '/entities/:kind/:namespace/:name/instrumentation';

  router.post(`${base}/plan`, async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = parseBody(req);
    const entity = await entities.load(req.params, observabilityEntityReadPermission, credentials);
    res.json(await instrumentation.planResponse(entity, body));
  });

  router.post(`${base}/export`, async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = parseBody(req);
    const entity = await entities.load(req.params, observabilityEntityReadPermission, credentials);
    res.json(await instrumentation.exportGitOps(entity, body));
  });

  for (const action of ['apply', 'uninstrument'] as const) {
    router.post(`${base}/${action}`, async (req, res) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const event = await auditor.createEvent({
        eventId: action === 'apply' ? 'instrument' : 'uninstrument',
        severityLevel: 'medium',
        request: req,
        meta: { entity: `${req.params.kind}:${req.params.namespace}/${req.params.name}` },
      });
      try {
        const body = parseBody(req);
        const entity = await entities.load(
          req.params,
          observabilityEntityInstrumentPermission,
          credentials,
        );
        const actor =
          credentials.principal.type === 'user' ? credentials.principal.userEntityRef : 'unknown';
        const operation =
          action === 'apply'
            ? await instrumentation.apply(entity, body, actor)
            : await instrumentation.uninstrument(entity, body, actor);
        await event.success({
          meta: {
            operationId: operation.id,
            results: operation.results.map(r => ({
              workload: `${r.workload.cluster}/${r.workload.kind}/${r.workload.namespace}/${r.workload.name}`,
              outcome: r.outcome,
            })),
          },
        });
        res.status(202).json(operation);
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    });
  }

  router.get('/operations/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const operation = await instrumentation.getOperation(req.params.id);
    if (!operation) throw new NotFoundError(`No operation ${req.params.id}`);
    // Seeing an operation needs read access to its entity.
    await entities.load(parseEntityRef(operation.entityRef), observabilityEntityReadPermission, credentials);
    res.json(operation);
  });

  return router;
}
