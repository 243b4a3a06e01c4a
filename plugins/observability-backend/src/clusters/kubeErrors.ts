/** A Kubernetes API error, reduced to what callers report: status code, message, causes. */
export interface KubeErrorDetails {
  code?: number;
  message: string;
  causes: Array<{ field?: string; message?: string; reason?: string }>;
}

/** Reads `ApiException` (code + Status body, sometimes still a JSON string) or any error. */
export function kubeErrorDetails(error: unknown): KubeErrorDetails {
  const e = error as { code?: number; body?: unknown; message?: string };
  let body: any = e?.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      body = { message: body };
    }
  }
  return {
    code: typeof e?.code === 'number' ? e.code : undefined,
    message: body?.message ?? e?.message ?? String(error),
    causes: Array.isArray(body?.details?.causes) ? body.details.causes : [],
  };
}

/** A server-side apply conflict: which field, and which other manager owns it. */
export interface FieldConflict {
  field: string;
  manager: string;
}

/** Turns a 409 from server-side apply into the fields and managers it names. */
export function fieldConflicts(details: KubeErrorDetails): FieldConflict[] {
  return details.causes
    .filter(c => c.reason === 'FieldManagerConflict' || /conflict with/.test(c.message ?? ''))
    .map(c => ({
      field: c.field ?? '',
      manager: c.message?.match(/conflict with "([^"]+)"/)?.[1] ?? 'another manager',
    }));
}
