import { ConflictError, NotFoundError } from '@backstage/errors';
import type {
  DestinationSummary,
  PipelineDefaults,
  Signal,
} from '@internal/plugin-observability-common';
import { DEFAULT_PIPELINE_DEFAULTS, pipelineDefaultsSchema } from '@internal/plugin-observability-common';
import { ApiException, type KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import type { ClusterRegistry } from '../../clusters/ClusterRegistry';
import { destinationSecretName } from '../collector/config';
import { baseLabels, FIELD_MANAGER, MANAGED_BY, MANAGED_BY_LABEL, NAMESPACE } from '../collector/constants';
import type { KubeObject } from '../collector/manifests';
import { applyObject, isNotFound, kubeErrorMessage, readObject } from '../install/kube';

export const DESTINATION_LABEL = 'observability.backstage.io/destination';
const DEFAULTS_CONFIGMAP = 'observability-pipeline-defaults';

/** A destination as stored in the cluster (ConfigMap); secrets live in its Secret. */
export interface StoredDestination extends DestinationSummary {}

interface DestinationRecord {
  type: string;
  signals: Signal[];
  values: Record<string, string | number | boolean>;
  secretsSet: string[];
  updatedAt: string;
}

function configMapName(name: string): string {
  return `observability-destination-${name}`;
}

function header(kind: 'ConfigMap' | 'Secret', name: string) {
  return { apiVersion: 'v1', kind, metadata: { name, namespace: NAMESPACE } };
}

function labels(): Record<string, string> {
  return { ...baseLabels('destination'), [DESTINATION_LABEL]: 'true' };
}

function toSummary(name: string, record: DestinationRecord): StoredDestination {
  return {
    name,
    type: record.type,
    signals: record.signals,
    values: record.values,
    secretsSet: record.secretsSet,
    updatedAt: record.updatedAt,
  };
}

/**
 * Destinations live in the cluster they feed, in `observability-system`: the non-secret part in
 * a ConfigMap, secret fields in a Secret the gateway reads as env vars. Nothing here is kept in
 * the portal's database, and secret values never leave this class except into that Secret and
 * (for a connection test) the destination's own endpoint.
 */
export class DestinationStore {
  constructor(private readonly registry: ClusterRegistry) {}

  async list(cluster: string): Promise<StoredDestination[]> {
    const { core } = this.registry.get(cluster);
    const list = await core.listNamespacedConfigMap({
      namespace: NAMESPACE,
      labelSelector: `${DESTINATION_LABEL}=true,${MANAGED_BY_LABEL}=${MANAGED_BY}`,
    });
    return list.items
      .map(cm => {
        const record = JSON.parse(cm.data?.['destination.json'] ?? '{}') as DestinationRecord;
        const name = cm.metadata!.name!.replace(/^observability-destination-/, '');
        return toSummary(name, record);
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async get(cluster: string, name: string): Promise<StoredDestination> {
    const { objects } = this.registry.get(cluster);
    const cm = await readObject<KubeObject & { data?: Record<string, string> }>(
      objects,
      header('ConfigMap', configMapName(name)),
    );
    if (!cm?.data?.['destination.json']) {
      throw new NotFoundError(`No destination '${name}' in cluster '${cluster}'`);
    }
    return toSummary(name, JSON.parse(cm.data['destination.json']));
  }

  async exists(cluster: string, name: string): Promise<boolean> {
    try {
      await this.get(cluster, name);
      return true;
    } catch (e) {
      if (e instanceof NotFoundError) return false;
      throw e;
    }
  }

  /** The stored secret values of a destination (for the gateway's Secret and connection tests). */
  async readSecrets(cluster: string, name: string): Promise<Record<string, string>> {
    const { core } = this.registry.get(cluster);
    try {
      const secret = await core.readNamespacedSecret({
        name: destinationSecretName(name),
        namespace: NAMESPACE,
      });
      return Object.fromEntries(
        Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
      );
    } catch (e) {
      if (isNotFound(e)) return {};
      throw new Error(`read secret of destination '${name}': ${kubeErrorMessage(e)}`);
    }
  }

  /**
   * Creates or replaces a destination. `secrets` holds re-entered values; stored secrets of
   * fields still in `keepSecrets` are kept. Returns the stored summary.
   */
  async save(
    cluster: string,
    name: string,
    record: { type: string; signals: Signal[]; values: Record<string, string | number | boolean> },
    secrets: Record<string, string>,
    options: { create: boolean; secretFields: string[] },
  ): Promise<StoredDestination> {
    const exists = await this.exists(cluster, name);
    if (options.create && exists) {
      throw new ConflictError(`Destination '${name}' already exists in cluster '${cluster}'`);
    }
    if (!options.create && !exists) {
      throw new NotFoundError(`No destination '${name}' in cluster '${cluster}'`);
    }
    const { objects } = this.registry.get(cluster);
    const stored = options.create ? {} : await this.readSecrets(cluster, name);
    const merged: Record<string, string> = {};
    for (const field of options.secretFields) {
      const value = secrets[field] ?? stored[field];
      if (value !== undefined) merged[field] = value;
    }
    const secretName = destinationSecretName(name);
    if (Object.keys(merged).length > 0) {
      await this.applySecret(objects, {
        ...header('Secret', secretName),
        metadata: { ...header('Secret', secretName).metadata, labels: labels() },
        type: 'Opaque',
        // `data`, not `stringData`: server-side apply tracks `data` keys, so a dropped field goes.
        data: Object.fromEntries(
          Object.entries(merged).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]),
        ),
      });
    } else {
      await this.deleteObject(cluster, 'Secret', secretName);
    }
    const full: DestinationRecord = {
      ...record,
      secretsSet: Object.keys(merged).sort(),
      updatedAt: new Date().toISOString(),
    };
    await applyObject(objects, {
      ...header('ConfigMap', configMapName(name)),
      metadata: { ...header('ConfigMap', configMapName(name)).metadata, labels: labels() },
      data: { 'destination.json': JSON.stringify(full) },
    });
    return toSummary(name, full);
  }

  async delete(cluster: string, name: string): Promise<void> {
    if (!(await this.exists(cluster, name))) {
      throw new NotFoundError(`No destination '${name}' in cluster '${cluster}'`);
    }
    await this.deleteObject(cluster, 'Secret', destinationSecretName(name));
    await this.deleteObject(cluster, 'ConfigMap', configMapName(name));
  }

  /** The admins' defaults for a cluster; `fallback` when none were saved there. */
  async getDefaults(
    cluster: string,
    fallback: PipelineDefaults = DEFAULT_PIPELINE_DEFAULTS,
  ): Promise<PipelineDefaults> {
    const { objects } = this.registry.get(cluster);
    const cm = await readObject<KubeObject & { data?: Record<string, string> }>(
      objects,
      header('ConfigMap', DEFAULTS_CONFIGMAP),
    );
    const parsed = pipelineDefaultsSchema.safeParse(JSON.parse(cm?.data?.['defaults.json'] ?? 'null'));
    return parsed.success ? parsed.data : fallback;
  }

  async setDefaults(cluster: string, defaults: PipelineDefaults): Promise<PipelineDefaults> {
    const { objects } = this.registry.get(cluster);
    await applyObject(objects, {
      ...header('ConfigMap', DEFAULTS_CONFIGMAP),
      metadata: {
        ...header('ConfigMap', DEFAULTS_CONFIGMAP).metadata,
        labels: baseLabels('defaults'),
      },
      data: { 'defaults.json': JSON.stringify(defaults) },
    });
    return defaults;
  }

  /** Applies the Secret; a failure is reported by status code only (bodies may echo values). */
  private async applySecret(objects: KubernetesObjectApi, secret: KubeObject) {
    try {
      await objects.patch(secret as any, undefined, undefined, FIELD_MANAGER, false, PatchStrategy.ServerSideApply);
    } catch (e) {
      const code = e instanceof ApiException ? `HTTP ${e.code}` : 'request failed';
      throw new Error(`apply Secret ${secret.metadata.name}: ${code}`);
    }
  }

  private async deleteObject(cluster: string, kind: 'ConfigMap' | 'Secret', name: string) {
    const { objects } = this.registry.get(cluster);
    try {
      await objects.delete(header(kind, name) as any);
    } catch (e) {
      if (!isNotFound(e)) throw new Error(`delete ${kind} ${name}: ${kubeErrorMessage(e)}`);
    }
  }
}
