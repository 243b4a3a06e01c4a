/** Classifies the errors that reading /proc produces, so callers can tell a gone process from a denied one. */

export type ReadFailure = 'gone' | 'denied' | 'other';

function codeOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err
    ? String((err as { code: unknown }).code)
    : undefined;
}

export function classifyError(err: unknown): ReadFailure {
  const code = codeOf(err);
  // ESRCH: the task died between open and read; ENOENT: /proc/<pid> is gone.
  if (code === 'ENOENT' || code === 'ESRCH' || code === 'ENOTDIR')
    return 'gone';
  if (code === 'EACCES' || code === 'EPERM') return 'denied';
  return 'other';
}

export function describeError(err: unknown): string {
  const code = codeOf(err);
  switch (classifyError(err)) {
    case 'gone':
      return 'process exited';
    case 'denied':
      return `permission denied (${code})`;
    default:
      return code ?? (err instanceof Error ? err.message : String(err));
  }
}
