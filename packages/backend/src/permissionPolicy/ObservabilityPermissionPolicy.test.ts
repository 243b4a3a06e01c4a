import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
  type ConditionalPolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  observabilityClusterManagePermission,
  observabilityDestinationManagePermission,
  observabilityEntityInstrumentPermission,
  observabilityEntityReadPermission,
} from '@internal/plugin-observability-common';
import { ObservabilityPermissionPolicy } from './ObservabilityPermissionPolicy';

const userInfo = (refs: Record<string, string[]>) => ({
  async getUserInfo(credentials: any) {
    const userEntityRef = credentials.principal.userEntityRef as string;
    return { userEntityRef, ownershipEntityRefs: refs[userEntityRef] ?? [userEntityRef] };
  },
});

const admin = 'user:default/ada';
const owner = 'user:default/olu';
const policy = new ObservabilityPermissionPolicy(
  ['group:default/platform'],
  userInfo({
    [admin]: [admin, 'group:default/platform'],
    [owner]: [owner, 'group:default/team-web'],
  }),
);
const asUser = (ref: string) => ({
  credentials: mockCredentials.user(ref),
  info: { userEntityRef: ref, ownershipEntityRefs: [] },
});

describe('ObservabilityPermissionPolicy', () => {
  it('allows admins everything, including catalog changes', async () => {
    for (const permission of [
      observabilityDestinationManagePermission,
      observabilityClusterManagePermission,
      observabilityEntityInstrumentPermission,
      createPermission({ name: 'catalog.entity.delete', attributes: { action: 'delete' } }),
    ]) {
      await expect(policy.handle({ permission }, asUser(admin))).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('lets instrumenting depend on owning the entity', async () => {
    const decision = (await policy.handle(
      { permission: observabilityEntityInstrumentPermission },
      asUser(owner),
    )) as ConditionalPolicyDecision;
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(decision.pluginId).toBe('catalog');
    expect(decision.resourceType).toBe('catalog-entity');
    expect(decision.conditions).toEqual({
      rule: 'IS_ENTITY_OWNER',
      resourceType: 'catalog-entity',
      params: { claims: [owner, 'group:default/team-web'] },
    });
  });

  it('denies non-admins the pipeline and destinations', async () => {
    for (const permission of [
      observabilityDestinationManagePermission,
      observabilityClusterManagePermission,
    ]) {
      await expect(policy.handle({ permission }, asUser(owner))).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
    }
  });

  it('lets everyone signed in read, and nobody anonymous', async () => {
    await expect(
      policy.handle({ permission: observabilityEntityReadPermission }, asUser(owner)),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      policy.handle({ permission: observabilityEntityReadPermission }),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('denies other non-read actions to non-admins', async () => {
    await expect(
      policy.handle(
        {
          permission: createPermission({
            name: 'catalog.entity.delete',
            attributes: { action: 'delete' },
          }),
        },
        asUser(owner),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

});
