import { useEffect, useRef, useState } from 'react';

/**
 * Follows a server-side operation (an instrumentation rollout, a pipeline install): polls it
 * every `pollMs` until it is no longer running. A failed poll is reported and retried (the
 * operation goes on on the server whatever the network does), and an answer for an operation
 * no longer followed (the dialog closed, another one started) is dropped.
 */
export function usePolledOperation<T extends { id: string; state: string }>(
  initial: T | undefined,
  fetchOperation: (id: string) => Promise<T>,
  pollMs = 1000,
) {
  const [operation, setOperation] = useState(initial);
  const [error, setError] = useState<Error>();
  // Bumped after a failed poll so the effect schedules the next one.
  const [failedPolls, setFailedPolls] = useState(0);
  // The latest fetcher, without restarting the poll each render.
  const fetchRef = useRef(fetchOperation);
  fetchRef.current = fetchOperation;
  useEffect(() => {
    setOperation(initial);
    setError(undefined);
  }, [initial]);
  useEffect(() => {
    if (!operation || operation.state !== 'running') return undefined;
    let cancelled = false;
    const timer = setTimeout(() => {
      fetchRef.current(operation.id).then(
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
  }, [operation, pollMs, failedPolls]);
  return { operation, error };
}
