import {
  FINDINGS_KEY,
  FINDINGS_LABELS,
  findingsConfigMapName,
  NodeFindings,
} from './findings';
import type { KubeClient } from './kube';

export const FIELD_MANAGER = 'observability-node-agent';

/**
 * Writes the node's findings ConfigMap with server-side apply (one field manager, creates the
 * object when absent). Needs create and patch on that one ConfigMap, nothing else.
 */
export class FindingsPublisher {
  constructor(
    private readonly kube: KubeClient,
    private readonly namespace: string,
    private readonly nodeName: string,
  ) {}

  get configMapName() {
    return findingsConfigMapName(this.nodeName);
  }

  async publish(findings: NodeFindings): Promise<void> {
    const name = this.configMapName;
    const body = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name,
        namespace: this.namespace,
        labels: {
          ...FINDINGS_LABELS,
          'observability.backstage.io/node': labelValue(this.nodeName),
        },
      },
      data: { [FINDINGS_KEY]: JSON.stringify(findings) },
    };
    const path =
      `/api/v1/namespaces/${encodeURIComponent(
        this.namespace,
      )}/configmaps/${encodeURIComponent(name)}` +
      `?fieldManager=${FIELD_MANAGER}&force=true`;
    await this.kube.request(
      'PATCH',
      path,
      body,
      'application/apply-patch+yaml',
    );
  }
}

/** Label values: at most 63 characters of [A-Za-z0-9._-]. */
function labelValue(s: string): string {
  return s
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}
