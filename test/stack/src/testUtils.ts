/* Helpers shared by the stack's own tests. */
import crypto from 'node:crypto';
import { KubeClient } from './kube';
import { ensureStackUp, kubeClient, StackInfo } from './stack';

/** Long enough for a cold build on a fresh 2-core machine; instant when the stack is up. */
export const STACK_SETUP_TIMEOUT_MS = 45 * 60_000;

export async function stackForTests(): Promise<{
  info: StackInfo;
  admin: KubeClient;
}> {
  const info = await ensureStackUp();
  return { info, admin: kubeClient(info) };
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${crypto.randomBytes(3).toString('hex')}`;
}

export async function createNamespace(admin: KubeClient, name: string) {
  await admin.apply({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name },
  });
}

export async function deleteNamespace(admin: KubeClient, name: string) {
  await admin.request('DELETE', `/api/v1/namespaces/${name}`);
}
