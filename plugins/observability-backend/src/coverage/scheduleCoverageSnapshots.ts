import type {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { CoverageHistory } from './CoverageHistory';
import type { CoverageService } from './CoverageService';

/**
 * Takes a coverage snapshot every `intervalMinutes` as the plugin itself (the whole catalog).
 * The scheduler's lock makes one backend replica take it, however many run.
 */
export async function scheduleCoverageSnapshots(deps: {
  scheduler: SchedulerService;
  auth: AuthService;
  coverage: CoverageService;
  history: CoverageHistory;
  intervalMinutes: number;
  logger: LoggerService;
}): Promise<void> {
  const { scheduler, auth, coverage, history, intervalMinutes, logger } = deps;
  await scheduler.scheduleTask({
    id: 'observability-coverage-snapshot',
    frequency: { minutes: intervalMinutes },
    timeout: { minutes: 5 },
    // Soon after start, so a new portal has its first point without waiting an interval.
    initialDelay: { seconds: 15 },
    fn: async () => {
      const { entities, clusterErrors } = await coverage.coverage(
        await auth.getOwnServiceCredentials(),
      );
      if (clusterErrors.length) {
        // A cluster that cannot be read would make coverage look lower than it is.
        logger.warn(
          `Coverage snapshot skipped: ${clusterErrors.map(e => `${e.cluster}: ${e.error}`).join('; ')}`,
        );
        return;
      }
      await history.record(entities);
      logger.info(`Coverage snapshot: ${entities.length} component(s)`);
    },
  });
}
