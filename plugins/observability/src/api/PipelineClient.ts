import {
  createApiRef,
  type DiscoveryApi,
  type FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ClusterPipelineStatus,
  ConnectionTestResult,
  DestinationDefinition,
  DestinationInput,
  DestinationSummary,
  DestinationUpdate,
  InstallRequest,
  PipelineDefaults,
  PipelineOperation,
  PipelineOverview,
  UninstallRequest,
} from '@internal/plugin-observability-common';

/** The telemetry pipeline: destinations, defaults and per-cluster installs. */
export interface PipelineApi {
  listDestinationTypes(): Promise<DestinationDefinition[]>;
  listClusters(): Promise<ClusterPipelineStatus[]>;
  getOverview(cluster: string): Promise<PipelineOverview>;
  listDestinations(cluster: string): Promise<DestinationSummary[]>;
  createDestination(cluster: string, input: DestinationInput): Promise<DestinationSummary>;
  updateDestination(cluster: string, name: string, input: DestinationUpdate): Promise<DestinationSummary>;
  deleteDestination(cluster: string, name: string): Promise<void>;
  testDestination(
    cluster: string,
    input: DestinationInput & { existing?: boolean },
  ): Promise<ConnectionTestResult>;
  getDefaults(cluster: string): Promise<PipelineDefaults>;
  setDefaults(cluster: string, defaults: PipelineDefaults): Promise<PipelineDefaults>;
  /** Starts an install or upgrade; follow it with `getOperation`. */
  install(cluster: string, request: Partial<InstallRequest>): Promise<PipelineOperation>;
  /** Starts an uninstall; follow it with `getOperation`. */
  uninstall(cluster: string, request: Partial<UninstallRequest>): Promise<PipelineOperation>;
  getOperation(id: string): Promise<PipelineOperation>;
}

export const pipelineApiRef = createApiRef<PipelineApi>({
  id: 'plugin.observability.pipeline',
});

const cluster = (name: string) => `/pipeline/clusters/${encodeURIComponent(name)}`;

/** Talks to `/api/observability/pipeline`. */
export class PipelineClient implements PipelineApi {
  constructor(private readonly options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {}

  async listDestinationTypes() {
    return (await this.call<{ items: DestinationDefinition[] }>('GET', '/pipeline/destination-types')).items;
  }

  async listClusters() {
    return (await this.call<{ items: ClusterPipelineStatus[] }>('GET', '/pipeline/clusters')).items;
  }

  getOverview(name: string) {
    return this.call<PipelineOverview>('GET', `${cluster(name)}/overview`);
  }

  async listDestinations(name: string) {
    return (await this.call<{ items: DestinationSummary[] }>('GET', `${cluster(name)}/destinations`)).items;
  }

  async createDestination(name: string, input: DestinationInput) {
    const r = await this.call<{ destination: DestinationSummary }>('POST', `${cluster(name)}/destinations`, input);
    return r.destination;
  }

  async updateDestination(name: string, destination: string, input: DestinationUpdate) {
    const r = await this.call<{ destination: DestinationSummary }>(
      'PUT',
      `${cluster(name)}/destinations/${encodeURIComponent(destination)}`,
      input,
    );
    return r.destination;
  }

  async deleteDestination(name: string, destination: string) {
    await this.call('DELETE', `${cluster(name)}/destinations/${encodeURIComponent(destination)}`);
  }

  testDestination(name: string, input: DestinationInput & { existing?: boolean }) {
    return this.call<ConnectionTestResult>('POST', `${cluster(name)}/destinations/test`, input);
  }

  getDefaults(name: string) {
    return this.call<PipelineDefaults>('GET', `${cluster(name)}/defaults`);
  }

  setDefaults(name: string, defaults: PipelineDefaults) {
    return this.call<PipelineDefaults>('PUT', `${cluster(name)}/defaults`, defaults);
  }

  install(name: string, request: Partial<InstallRequest>) {
    return this.call<PipelineOperation>('POST', `${cluster(name)}/install`, request);
  }

  uninstall(name: string, request: Partial<UninstallRequest>) {
    return this.call<PipelineOperation>('POST', `${cluster(name)}/uninstall`, request);
  }

  getOperation(id: string) {
    return this.call<PipelineOperation>('GET', `/pipeline/operations/${encodeURIComponent(id)}`);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('observability');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
