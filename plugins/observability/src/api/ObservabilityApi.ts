import { createApiRef } from '@backstage/core-plugin-api';
import type {
  EntityWorkloadsResponse,
  HealthResponse,
} from '@internal/plugin-observability-common';

/** The observability backend's REST API, as the frontend uses it. */
export interface ObservabilityApi {
  getHealth(): Promise<HealthResponse>;
  /** The entity's workloads in every cluster, with each container's detected language. */
  getEntityWorkloads(entityRef: string): Promise<EntityWorkloadsResponse>;
}

export const observabilityApiRef = createApiRef<ObservabilityApi>({
  id: 'plugin.observability.api',
});
