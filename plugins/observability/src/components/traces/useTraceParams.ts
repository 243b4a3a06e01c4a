import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * The open trace lives in the URL (`?trace=<id>&span=<id>`), so the browser's back button
 * closes it and the address is the share link.
 */
export function useTraceParams() {
  const [params, setParams] = useSearchParams();
  const traceId = params.get('trace') ?? undefined;
  const spanId = params.get('span') ?? undefined;
  const openTrace = useCallback(
    (id: string | undefined) =>
      setParams(previous => {
        const next = new URLSearchParams(previous);
        next.delete('span');
        if (id) next.set('trace', id);
        else next.delete('trace');
        return next;
      }),
    [setParams],
  );
  const shareUrl = useCallback((id: string, span?: string) => {
    const url = new URL(window.location.href);
    url.searchParams.set('trace', id);
    if (span) url.searchParams.set('span', span);
    else url.searchParams.delete('span');
    return url.toString();
  }, []);
  return { traceId, spanId, openTrace, shareUrl };
}
