import {
  createPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/**
 * Read a catalog entity's observability data: workloads, languages, coverage, traces.
 * Everyone signed in gets it from the default policy; it is a resource permission so a
 * stricter policy can narrow it per entity.
 */
export const observabilityEntityReadPermission: ResourcePermission<
  typeof RESOURCE_TYPE_CATALOG_ENTITY
> = createPermission({
  name: 'observability.entity.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Instrument or uninstrument a catalog entity's workloads. Conditional on ownership
 * in the default policy: the entity's owners (and admins) may instrument it.
 */
export const observabilityEntityInstrumentPermission: ResourcePermission<
  typeof RESOURCE_TYPE_CATALOG_ENTITY
> = createPermission({
  name: 'observability.entity.instrument',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Create, edit, test and delete telemetry destinations. Admins only by default. */
export const observabilityDestinationManagePermission = createPermission({
  name: 'observability.destination.manage',
  attributes: { action: 'update' },
});

/** Install, upgrade and remove the pipeline (collector, eBPF agent, node agent) on a cluster. */
export const observabilityClusterManagePermission = createPermission({
  name: 'observability.cluster.manage',
  attributes: { action: 'update' },
});

/** Every permission the observability plugins use, for the permissions registry. */
export const observabilityPermissions = [
  observabilityEntityReadPermission,
  observabilityEntityInstrumentPermission,
  observabilityDestinationManagePermission,
  observabilityClusterManagePermission,
];
