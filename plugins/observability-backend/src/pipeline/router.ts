import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult, type BasicPermission } from '@backstage/plugin-permission-common';
import {
  destinationInputSchema,
  destinationTestSchema,
  destinationUpdateSchema,
  installRequestSchema,
  observabilityClusterManagePermission,
  observabilityDestinationManagePermission,
  pipelineDefaultsSchema,
  uninstallRequestSchema,
} from '@internal/plugin-observability-common';
import express, { type Request } from 'express';
import Router from 'express-promise-router';
import type { z } from 'zod';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import { listDestinationDefinitions } from './destinations';
import type { PipelineInstaller } from './install/PipelineInstaller';
import type { PipelineOperations, StepProgress } from './install/PipelineOperations';
import type { PipelineStatusReader } from './install/PipelineStatusReader';
import type { PipelineService } from './PipelineService';
import type { DestinationStore } from './store/DestinationStore';

type JsonObject = NonNullable<Parameters<AuditorService['createEvent']>[0]['meta']>;

export interface PipelineRouterDeps {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
  registry: ClusterRegistry;
  store: DestinationStore;
  service: PipelineService;
  installer: PipelineInstaller;
  operations: PipelineOperations;
  statusReader: PipelineStatusReader;
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw new InputError(
      result.error.issues
        .map(i =>
          i.code === 'unrecognized_keys'
            ? `unknown field(s) ${i.keys.join(', ')}${i.path.length ? ` in ${i.path.join('.')}` : ''}`
            : `${i.path.join('.') || 'body'}: ${i.message}`,
        )
        .join('; '),
    );
  }
  return result.data;
}

const NAME = /^[a-z0-9]([-a-z0-9]{0,62}[a-z0-9])?$/;

function pathName(req: Request, key: string): string {
  const value = req.params[key];
  if (!NAME.test(value ?? '')) throw new InputError(`invalid ${key} '${value}'`);
  return value;
}

/**
 * The pipeline REST API under /pipeline: destinations, defaults, install / upgrade / uninstall
 * (as operations polled at /pipeline/operations/:id) and status per cluster. Every mutating
 * route checks its permission and is audited; request bodies are strict; no response ever
 * carries a secret value.
 */
export function createPipelineRouter(deps: PipelineRouterDeps): express.Router {
  const { httpAuth, permissions, auditor, registry, store, service, installer, operations, statusReader } = deps;
  const router = Router();
  router.use(express.json({ limit: '256kb' }));

  async function authorize(req: Request, permission: BasicPermission) {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [decision] = await permissions.authorize([{ permission }], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    }
  }

  /** Runs a mutation inside an audit event; `meta` never holds secret values. */
  async function audited<T>(
    req: Request,
    eventId: string,
    permission: BasicPermission,
    meta: JsonObject,
    run: () => Promise<T>,
  ): Promise<T> {
    const event = await auditor.createEvent({ eventId, severityLevel: 'medium', request: req, meta });
    try {
      await authorize(req, permission);
      const result = await run();
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  const readable = (req: Request) => httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/pipeline/destination-types', async (req, res) => {
    await readable(req);
    res.json({ items: listDestinationDefinitions() });
  });

  router.get('/pipeline/clusters', async (req, res) => {
    await readable(req);
    const items = await Promise.all(registry.list().map(c => statusReader.status(c.name)));
    res.json({ items: items.map(({ byExporter: _, ...s }) => s) });
  });

  router.get('/pipeline/clusters/:cluster/status', async (req, res) => {
    await readable(req);
    const cluster = registry.get(pathName(req, 'cluster')).name;
    const { byExporter: _, ...status } = await statusReader.status(cluster);
    res.json(status);
  });

  router.get('/pipeline/clusters/:cluster/overview', async (req, res) => {
    await readable(req);
    res.json(await statusReader.overview(registry.get(pathName(req, 'cluster')).name));
  });

  router.get('/pipeline/clusters/:cluster/destinations', async (req, res) => {
    await readable(req);
    res.json({ items: await store.list(registry.get(pathName(req, 'cluster')).name) });
  });

  router.post('/pipeline/clusters/:cluster/destinations', async (req, res) => {
    const cluster = registry.get(pathName(req, 'cluster')).name;
    const meta = { cluster, action: 'create', name: String(req.body?.name ?? ''), type: String(req.body?.type ?? '') };
    const result = await audited(req, 'pipeline-destination', observabilityDestinationManagePermission, meta, () =>
      service.create(cluster, parse(destinationInputSchema, req.body)),
    );
    res.status(201).json(result);
  });

  router.put('/pipeline/clusters/:cluster/destinations/:name', async (req, res) => {
    const cluster = registry.get(pathName(req, 'cluster')).name;
    const name = pathName(req, 'name');
    const meta = { cluster, action: 'update', name, type: String(req.body?.type ?? '') };
    res.json(
      await audited(req, 'pipeline-destination', observabilityDestinationManagePermission, meta, () =>
        service.update(cluster, name, parse(destinationUpdateSchema, req.body)),
      ),
    );
  });

  router.delete('/pipeline/clusters/:cluster/destinations/:name', async (req, res) => {
    const cluster = registry.get(pathName(req, 'cluster')).name;
    const name = pathName(req, 'name');
    res.json(
      await audited(
        req,
        'pipeline-destination',
        observabilityDestinationManagePermission,
        { cluster, action: 'delete', name },
        () => service.delete(cluster, name),
      ),
    );
  });

  router.post('/pipeline/clusters/:cluster/destinations/test', async (req, res) => {
    const cluster = registry.get(pathName(req, 'cluster')).name;
    const meta = { cluster, action: 'test', name: String(req.body?.name ?? ''), type: String(req.body?.type ?? '') };
    res.json(
      await audited(req, 'pipeline-destination-test', observabilityDestinationManagePermission, meta, () =>
        service.test(cluster, parse(destinationTestSchema, req.body)),
      ),
    );
  });

  router.get('/pipeline/clusters/:cluster/defaults', async (req, res) => {
    await readable(req);
    res.json(await store.getDefaults(registry.get(pathName(req, 'cluster')).name));
  });

  router.put('/pipeline/clusters/:cluster/defaults', async (req, res) => {
    const cluster = registry.get(pathName(req, 'cluster')).name;
    res.json(
      await audited(req, 'pipeline-defaults', observabilityClusterManagePermission, { cluster }, () =>
        store.setDefaults(cluster, parse(pipelineDefaultsSchema, req.body)),
      ),
    );
  });

  /**
   * Install / upgrade and uninstall run as operations: the request answers 202 with the
   * operation (every object a step), the page polls it. The audit record closes with the
   * operation's outcome, after the response.
   */
  async function startOperation<T>(
    req: Request,
    res: express.Response,
    action: 'install' | 'uninstall',
    parseBody: () => T,
    run: (cluster: string, body: T, progress: StepProgress) => Promise<void>,
  ) {
    const cluster = registry.get(pathName(req, 'cluster')).name;
    const event = await auditor.createEvent({
      eventId: `pipeline-${action}`,
      severityLevel: 'medium',
      request: req,
      meta: { cluster, action },
    });
    let started: Awaited<ReturnType<PipelineOperations['start']>>;
    try {
      await authorize(req, observabilityClusterManagePermission);
      // Parsed before the operation starts: a bad body is a 400, not a failed operation.
      const body = parseBody();
      started = await operations.start(cluster, action, progress => run(cluster, body, progress));
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
    res.status(202).json(started.operation);
    started.done
      .then(final => {
        const meta = { operationId: final.id, steps: final.steps.filter(s => s.status === 'done').length };
        return final.state === 'succeeded'
          ? event.success({ meta })
          : event.fail({ meta, error: new Error(final.error ?? 'failed') });
      })
      .catch(e => deps.logger.error(`Auditing pipeline ${action} on ${cluster} failed: ${e}`));
  }

  router.post('/pipeline/clusters/:cluster/install', async (req, res) => {
    await startOperation(
      req,
      res,
      'install',
      () => parse(installRequestSchema, req.body),
      (cluster, body, progress) => installer.install(cluster, body, progress),
    );
  });

  router.post('/pipeline/clusters/:cluster/uninstall', async (req, res) => {
    await startOperation(
      req,
      res,
      'uninstall',
      () => parse(uninstallRequestSchema, req.body),
      (cluster, body, progress) => installer.uninstall(cluster, body, progress),
    );
  });

  router.get('/pipeline/operations/:id', async (req, res) => {
    await readable(req);
    const operation = await operations.get(String(req.params.id));
    if (!operation) throw new NotFoundError(`No pipeline operation ${req.params.id}`);
    res.json(operation);
  });

  return router;
}
