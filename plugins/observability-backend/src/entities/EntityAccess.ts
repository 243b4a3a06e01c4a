import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import { entityPathSchema } from '@internal/plugin-observability-common';

/**
 * Turns `/entities/:kind/:namespace/:name` into a catalog entity the caller may act on:
 * validates the path, checks the permission against that entity (conditional decisions,
 * such as ownership, are resolved by the catalog), then loads it.
 */
export class EntityAccess {
  constructor(
    private readonly catalog: CatalogService,
    private readonly permissions: PermissionsService,
  ) {}

  async load(
    params: unknown,
    permission: ResourcePermission<'catalog-entity'>,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const parsed = entityPathSchema.safeParse(params);
    if (!parsed.success) {
      throw new InputError(
        `Invalid entity reference: ${parsed.error.issues.map(i => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    const entityRef = stringifyEntityRef(parsed.data);
    const [decision] = await this.permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You are not allowed to ${permission.name} on ${entityRef}`);
    }
    const entity = await this.catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    return entity;
  }
}
