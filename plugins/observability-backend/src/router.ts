import type { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import express from 'express';
import Router from 'express-promise-router';
import { observabilityEntityReadPermission } from '@internal/plugin-observability-common';
import type { EntityAccess } from './entities/EntityAccess';
import type { HealthChecker } from './health/HealthChecker';
import type { WorkloadResolver } from './workloads/WorkloadResolver';
import type { InstrumentationService } from './instrumentation/InstrumentationService';
import { createInstrumentationRouter } from './instrumentation/router';
import type { CoverageService } from './coverage/CoverageService';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  instrumentation: InstrumentationService;
  coverage: CoverageService;
  health: HealthChecker;
  entities: EntityAccess;
  workloads: WorkloadResolver;
}

/** The REST API: validates input and turns each request into one service call. */
export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { httpAuth, auditor, health, entities, workloads, instrumentation, coverage } = options;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/health', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await health.check());
  });

  router.get('/entities/:kind/:namespace/:name/workloads', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entity = await entities.load(req.params, observabilityEntityReadPermission, credentials);
    res.json({
      entityRef: stringifyEntityRef(entity),
      clusters: await workloads.resolve(entity),
    });
  });

  router.get('/coverage', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    // The catalog returns only the entities this user may see.
    res.json(await coverage.coverage(credentials));
  });

  router.use(createInstrumentationRouter({ httpAuth, auditor, entities, instrumentation }));

  return router;
}
