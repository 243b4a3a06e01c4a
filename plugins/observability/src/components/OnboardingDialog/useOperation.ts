import { useApi } from '@backstage/core-plugin-api';
import type { Operation } from '@internal/plugin-observability-common';
import { useEffect, useState } from 'react';
import { observabilityApiRef } from '../../api';

/** Follows an operation: polls once a second until it is no longer running. */
export function useOperation(initial: Operation | undefined, pollMs = 1000) {
  const api = useApi(observabilityApiRef);
  const [operation, setOperation] = useState(initial);
  const [error, setError] = useState<Error>();
  useEffect(() => setOperation(initial), [initial]);
  useEffect(() => {
    if (!operation || operation.state !== 'running') return undefined;
    const timer = setTimeout(() => {
      api.getOperation(operation.id).then(setOperation, setError);
    }, pollMs);
    return () => clearTimeout(timer);
  }, [api, operation, pollMs]);
  return { operation, error };
}
