import type {
  ConnectionTestResult,
  DestinationInput,
  DestinationSummary,
  DestinationTestInput,
  DestinationUpdate,
} from '@internal/plugin-observability-common';
import { testConnection } from './connection/testConnection';
import { getDestinationSpec, validateDestination } from './destinations';
import type { PipelineInstaller } from './install/PipelineInstaller';
import type { DestinationStore } from './store/DestinationStore';

/**
 * Destination use cases: validate against the definition, store (secrets into the Secret),
 * regenerate the gateway when the pipeline is installed, and test connections.
 */
export class PipelineService {
  constructor(
    private readonly deps: {
      store: DestinationStore;
      installer: PipelineInstaller;
      timeoutMs: number;
    },
  ) {}

  private async save(
    cluster: string,
    name: string,
    input: DestinationUpdate,
    create: boolean,
  ): Promise<{ destination: DestinationSummary; gatewayUpdated: boolean }> {
    const spec = getDestinationSpec(input.type);
    const current = create ? undefined : await this.deps.store.get(cluster, name);
    // Secrets stored for another destination type do not carry over.
    const keep = current?.type === input.type ? current.secretsSet : [];
    const valid = validateDestination(spec, input, keep);
    const destination = await this.deps.store.save(
      cluster,
      name,
      { type: spec.type, signals: valid.signals, values: valid.values },
      valid.secrets,
      {
        create,
        secretFields: spec.fields.filter(f => f.secret && (f.name in valid.secrets || keep.includes(f.name))).map(f => f.name),
      },
    );
    const gatewayUpdated = await this.deps.installer.reconcileGateway(cluster);
    return { destination, gatewayUpdated };
  }

  create(cluster: string, input: DestinationInput) {
    const { name, ...rest } = input;
    return this.save(cluster, name, rest, true);
  }

  update(cluster: string, name: string, input: DestinationUpdate) {
    return this.save(cluster, name, input, false);
  }

  async delete(cluster: string, name: string): Promise<{ gatewayUpdated: boolean }> {
    await this.deps.store.delete(cluster, name);
    return { gatewayUpdated: await this.deps.installer.reconcileGateway(cluster) };
  }

  /**
   * Tests a destination before saving. With `existing`, secret fields not re-entered are
   * taken from the stored destination of that name.
   */
  async test(cluster: string, input: DestinationTestInput): Promise<ConnectionTestResult> {
    const spec = getDestinationSpec(input.type);
    let secrets = input.secrets;
    let stored: string[] = [];
    if (input.existing) {
      const current = await this.deps.store.get(cluster, input.name);
      if (current.type === input.type) {
        secrets = { ...(await this.deps.store.readSecrets(cluster, input.name)), ...input.secrets };
        stored = current.secretsSet;
      }
    }
    const valid = validateDestination(spec, { ...input, secrets: input.secrets }, stored);
    return testConnection(
      spec,
      { name: input.name, signals: valid.signals, values: valid.values, secrets },
      { timeoutMs: this.deps.timeoutMs },
    );
  }
}
