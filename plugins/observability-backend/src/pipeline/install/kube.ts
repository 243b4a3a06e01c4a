import { ApiException, type KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import type { KubeObject } from '../collector/manifests';
import { FIELD_MANAGER, MANAGED_BY, MANAGED_BY_LABEL } from '../collector/constants';

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiException && error.code === 404;
}

/** A short, secret-free description of a Kubernetes API error. */
export function kubeErrorMessage(error: unknown): string {
  if (error instanceof ApiException) {
    let reason = '';
    try {
      const body = typeof error.body === 'string' ? JSON.parse(error.body) : error.body;
      reason = body?.message ?? '';
    } catch {
      reason = String(error.body ?? '').slice(0, 300);
    }
    return `HTTP ${error.code}${reason ? `: ${reason}` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Server-side apply under the product's field manager. */
export async function applyObject(objects: KubernetesObjectApi, obj: KubeObject): Promise<void> {
  try {
    await objects.patch(
      obj as any,
      undefined,
      undefined,
      FIELD_MANAGER,
      false,
      PatchStrategy.ServerSideApply,
    );
  } catch (e) {
    const where = `${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}`;
    throw new Error(`apply ${where}: ${kubeErrorMessage(e)}`);
  }
}

/** Reads an object, or undefined when it does not exist. */
export async function readObject<T extends KubeObject>(
  objects: KubernetesObjectApi,
  header: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } },
): Promise<T | undefined> {
  try {
    return (await objects.read(header as any)) as unknown as T;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/**
 * Deletes an object only when it carries the product's managed-by label.
 * Returns whether something was deleted.
 */
export async function deleteIfManaged(
  objects: KubernetesObjectApi,
  header: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } },
): Promise<boolean> {
  const current = await readObject(objects, header);
  if (!current || current.metadata.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY) return false;
  try {
    await objects.delete(header as any, undefined, undefined, undefined, undefined, 'Foreground');
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw new Error(`delete ${header.kind} ${header.metadata.name}: ${kubeErrorMessage(e)}`);
  }
}
