import { useApi } from '@backstage/core-plugin-api';
import type { Operation } from '@internal/plugin-observability-common';
import { useEffect, useState } from 'react';
import { observabilityApiRef } from '../../api';

/**
 * Follows an operation: polls once a second until it is no longer running. A failed poll is
 * reported and retried (the rollout goes on on the server whatever the network does), and an
 * answer that arrives after the operation was dropped (the dialog closed) is ignored.
 */
export function useOperation(initial: Operation | undefined, pollMs = 1000) {
  const api = useApi(observabilityApiRef);
  const [operation, setOperation] = useState(initial);
  const [error, setError] = useState<Error>();
  // Bumped after a failed poll so the effect schedules the next one.
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
          // Only if the dialog still follows this operation (it may have closed meanwhile).
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
