import type { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import express from 'express';
import Router from 'express-promise-router';
import { InputError } from '@backstage/errors';
import {
  coverageHistoryQuerySchema,
  observabilityEntityReadPermission,
} from '@internal/plugin-observability-common';
import type { EntityAccess } from './entities/EntityAccess';
import type { HealthChecker } from './health/HealthChecker';
import type { WorkloadResolver } from './workloads/WorkloadResolver';
import type { InstrumentationService } from './instrumentation/InstrumentationService';
import { createInstrumentationRouter } from './instrumentation/router';
import type { CoverageHistory } from './coverage/CoverageHistory';
import type { CoverageService } from './coverage/CoverageService';
import { withEmitting, type EmittingCheck } from './coverage/emitting';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  instrumentation: InstrumentationService;
  coverage: CoverageService;
  coverageHistory: { history: CoverageHistory; intervalMinutes: number };
  /** Whether a service's spans reach Tempo (absent when Tempo is not configured). */
  emitting?: EmittingCheck;
  health: HealthChecker;
  entities: EntityAccess;
  workloads: WorkloadResolver;
}

/** The REST API: validates input and turns each request into one service call. */
export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { httpAuth, auditor, health, entities, workloads, instrumentation, coverage, emitting } =
    options;
  const { coverageHistory } = options;
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
      clusters: await Promise.all(
        (await workloads.resolve(entity)).map(async cluster => ({
          ...cluster,
          workloads: await withEmitting(cluster.workloads, () => entity.metadata.name, emitting),
        })),
      ),
    });
  });

  router.get('/coverage', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    // The catalog returns only the entities this user may see.
    res.json(await coverage.coverage(credentials));
  });

  router.get('/coverage/history', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user'] });
    const query = coverageHistoryQuerySchema.safeParse(req.query);
    if (!query.success) {
      throw new InputError(
        `Invalid query: ${query.error.issues.map(i => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    // Counts per owner or system only, so no entity the caller may not see is named.
    res.json({
      points: await coverageHistory.history.list(query.data),
      intervalMinutes: coverageHistory.intervalMinutes,
    });
  });

  router.use(createInstrumentationRouter({ httpAuth, auditor, entities, instrumentation }));

  return router;
}
