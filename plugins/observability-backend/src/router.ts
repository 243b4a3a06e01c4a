import type { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import type { HealthChecker } from './health/HealthChecker';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  health: HealthChecker;
}

/** The REST API: validates input and turns each request into one service call. */
export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { httpAuth, health } = options;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/health', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await health.check());
  });

  return router;
}
