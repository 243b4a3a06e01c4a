import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { observabilityPermissions } from '@internal/plugin-observability-common';
import { readClusterConfigs } from './clusters/clusterConfig';
import { ClusterRegistry } from './clusters/ClusterRegistry';
import {
  checkTempoClusters,
  readObservabilityConfig,
} from './config/observabilityConfig';
import { EntityAccess } from './entities/EntityAccess';
import { HealthChecker } from './health/HealthChecker';
import { createPipeline } from './pipeline';
import { ChangeLog } from './changes/ChangeLog';
import { CoverageHistory } from './coverage/CoverageHistory';
import { CoverageService } from './coverage/CoverageService';
import { scheduleCoverageSnapshots } from './coverage/scheduleCoverageSnapshots';
import { EMITTING_WINDOW_MINUTES } from './coverage/emitting';
import { CoverageSignalsService } from './traces/CoverageSignalsService';
import { TempoClient } from './traces/TempoClient';
import { InstrumentationService } from './instrumentation/InstrumentationService';
import { OperationStore } from './instrumentation/OperationStore';
import { createRouter } from './router';
import { createTracesRouterFromConfig } from './traces/createTracesRouterFromConfig';
import { WorkloadResolver } from './workloads/WorkloadResolver';

/**
 * The observability backend plugin: wires dependencies only; each concern lives in its folder.
 *
 * @public
 */
export const observabilityPlugin = createBackendPlugin({
  pluginId: 'observability',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissionsRegistry: coreServices.permissionsRegistry,
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
      },
      async init({
        config,
        logger,
        httpAuth,
        httpRouter,
        permissionsRegistry,
        permissions,
        auditor,
        catalog,
        database,
        scheduler,
        auth,
      }) {
        const observabilityConfig = readObservabilityConfig(config);
        const { clusters, warnings } = readClusterConfigs(config);
        checkTempoClusters(observabilityConfig, clusters.map(c => c.name));
        warnings.forEach(warning => logger.warn(warning));
        logger.info(
          `Observability: ${clusters.length} cluster(s) [${clusters
            .map(c => c.name)
            .join(', ')}], tempo ${observabilityConfig.tempo?.url ?? 'not configured'}${
            observabilityConfig.tempoClusters
              ? ` (+ per cluster: ${Object.keys(observabilityConfig.tempoClusters).join(', ')})`
              : ''
          }, prometheus ${
            observabilityConfig.prometheus?.url ?? 'not configured'
          }`,
        );

        permissionsRegistry.addPermissions(observabilityPermissions);

        const registry = new ClusterRegistry(clusters, {
          requestTimeoutMs: observabilityConfig.requestTimeoutMs,
        });
        const workloads = new WorkloadResolver(registry);
        const pipeline = createPipeline({
          config: observabilityConfig,
          registry,
          httpAuth,
          permissions,
          auditor,
          logger,
          database,
        });

        const instrumentation = new InstrumentationService({
          clusters: registry,
          workloads,
          changes: await ChangeLog.create(database),
          operations: await OperationStore.create(database),
          logger,
          settings: {
            sampling: {
              ratio: observabilityConfig.instrumentation.samplingRatio,
              propagators: observabilityConfig.instrumentation.propagators,
            },
            rollout: {
              timeoutMs: observabilityConfig.instrumentation.rolloutTimeoutSeconds * 1000,
              pollMs: 1000,
            },
          },
          pipeline: {
            getDefaults: pipeline.getDefaults,
            syncEbpfWorkloads: pipeline.syncEbpfWorkloads,
          },
        });
        // Coverage's last step: the service's spans seen in Tempo (cached per service).
        const signals = observabilityConfig.tempo
          ? new CoverageSignalsService({
              tempo: new TempoClient({
                ...observabilityConfig.tempo,
                timeoutMs: observabilityConfig.requestTimeoutMs,
              }),
              logger,
            })
          : undefined;
        const emitting = signals
          ? async (service: string) =>
              (await signals.get(service, EMITTING_WINDOW_MINUTES)).lastSpanSeen !== null
          : undefined;
        const coverage = new CoverageService({
          clusters: registry,
          catalog,
          emitting,
        });
        const coverageHistory = await CoverageHistory.create(database);
        await scheduleCoverageSnapshots({
          scheduler,
          auth,
          coverage,
          history: coverageHistory,
          intervalMinutes: observabilityConfig.coverage.snapshotIntervalMinutes,
          logger,
        });
        httpRouter.use(
          await createRouter({
            httpAuth,
            health: new HealthChecker(registry, observabilityConfig),
            entities: new EntityAccess(catalog, permissions),
            workloads,
            auditor,
            instrumentation,
            coverage,
            coverageHistory: {
              history: coverageHistory,
              intervalMinutes: observabilityConfig.coverage.snapshotIntervalMinutes,
            },
            emitting,
          }),
        );
        httpRouter.use(pipeline.router);
        httpRouter.use(
          createTracesRouterFromConfig(observabilityConfig, {
            httpAuth,
            entities: new EntityAccess(catalog, permissions),
            logger,
            workloads,
          }),
        );
      },
    });
  },
});
