import type { Entity } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { mockApis } from '@backstage/test-utils';
import type {
  EntityWorkloadsResponse,
  Workload,
} from '@internal/plugin-observability-common';
import { observabilityApiRef, type ObservabilityApi } from '../../../api';
import { tracesApiRef, type TracesApi } from '../../../api/TracesApi';

/** Test data and APIs for rendering the entity tab, shared by its tests and the plugin's. */

/** A Component mapped to Kubernetes. usePermission caches per entity, so each test names its own. */
export function kubernetesComponent(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': name },
    },
    spec: {
      owner: 'group:default/team-shop',
      type: 'service',
      lifecycle: 'production',
      system: 'shop',
    },
  };
}

export function javaWorkload(
  name: string,
  coverage: Workload['coverage'],
): Workload {
  return {
    cluster: 'local',
    namespace: 'shop',
    kind: 'Deployment',
    name,
    replicas: { desired: 2, ready: 2 },
    containers: [
      {
        name: 'app',
        image: 'eclipse-temurin:21-jre',
        detection: {
          language: 'java',
          runtimeVersion: '21',
          libc: 'glibc',
          otherAgents: [],
          confidence: 0.9,
          evidence: ['process java'],
          source: 'process',
        },
      },
    ],
    pods: [],
    coverage,
  };
}

export function workloadsOf(
  entity: Entity,
  workloads: Workload[],
): EntityWorkloadsResponse {
  return {
    entityRef: `component:default/${entity.metadata.name}`,
    clusters: [{ cluster: 'local', workloads }],
  };
}

/** Never answers: the traces section shares the tab, but its tests live elsewhere. */
const pending = () => new Promise<never>(() => {});

export function idleTracesApi(): TracesApi {
  return {
    search: jest.fn(pending),
    getTrace: jest.fn(pending),
    getTagNames: jest.fn(pending),
    getTagValues: jest.fn(pending),
    getServiceGraph: jest.fn(pending),
    getCoverageSignals: jest.fn(pending),
  };
}

/** Everything the entity tab asks for, with the given observability API and permission answer. */
export function entityTabApis(
  observability: ObservabilityApi,
  authorize: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) {
  return [
    [observabilityApiRef, observability],
    [tracesApiRef, idleTracesApi()],
    [catalogApiRef, catalogApiMock()],
    [permissionApiRef, mockApis.permission({ authorize })],
  ] as const;
}
