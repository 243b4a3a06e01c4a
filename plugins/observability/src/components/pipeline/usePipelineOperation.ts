import { useApi } from '@backstage/core-plugin-api';
import type { PipelineOperation } from '@internal/plugin-observability-common';
import { useEffect, useState } from 'react';
import { pipelineApiRef } from '../../api/PipelineClient';

/**
 * Follows a pipeline install or uninstall: polls it until it is no longer running. A failed poll
 * is reported and retried (the operation goes on on the server regardless); an answer for an
 * operation no longer followed is dropped.
 */
export function usePipelineOperation(initial: PipelineOperation | undefined, pollMs = 1000) {
  const api = useApi(pipelineApiRef);
  const [operation, setOperation] = useState(initial);
  const [error, setError] = useState<Error>();
  const [failedPolls, setFailedPolls] = useState(0);
  useEffect(() => {
    setOperation(initial);
    setError(undefined);
  }, [initial]);
  useEffect(() => {
    if (!operation || operation.state !== 'running') return undefined;
    let cancelled = false;
    const timer = setTimeout(() => {
      api.getOperation(operation.id).then(
        next => {
          if (cancelled) return;
          setError(undefined);
          setOperation(current => (current?.id === next.id ? next : current));
        },
        e => {
          if (cancelled) return;
          setError(e as Error);
          setFailedPolls(n => n + 1);
        },
      );
    }, pollMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, operation, pollMs, failedPolls]);
  return { operation, error };
}
