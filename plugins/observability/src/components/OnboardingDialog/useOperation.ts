import { useApi } from '@backstage/core-plugin-api';
import type { Operation } from '@internal/plugin-observability-common';
import { observabilityApiRef } from '../../api';
import { usePolledOperation } from '../../hooks/usePolledOperation';

/** Follows an instrumentation operation (apply or removal and its rollouts) until it ends. */
export function useOperation(initial: Operation | undefined, pollMs = 1000) {
  const api = useApi(observabilityApiRef);
  return usePolledOperation(initial, id => api.getOperation(id), pollMs);
}
