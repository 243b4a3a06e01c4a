import { useApi } from '@backstage/core-plugin-api';
import type { PipelineOperation } from '@internal/plugin-observability-common';
import { pipelineApiRef } from '../../api/PipelineClient';
import { usePolledOperation } from '../../hooks/usePolledOperation';

/** Follows a pipeline install or uninstall until it ends. */
export function usePipelineOperation(initial: PipelineOperation | undefined, pollMs = 1000) {
  const api = useApi(pipelineApiRef);
  return usePolledOperation(initial, id => api.getOperation(id), pollMs);
}
