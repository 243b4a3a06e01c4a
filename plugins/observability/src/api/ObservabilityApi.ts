import { createApiRef } from '@backstage/core-plugin-api';
import type { HealthResponse } from '@internal/plugin-observability-common';

/** The observability backend's REST API, as the frontend uses it. */
export interface ObservabilityApi {
  getHealth(): Promise<HealthResponse>;
}

export const observabilityApiRef = createApiRef<ObservabilityApi>({
  id: 'plugin.observability.api',
});
