import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { ObservabilityPermissionPolicy } from './ObservabilityPermissionPolicy';

/** Installs {@link ObservabilityPermissionPolicy} as the permission backend's policy. */
export const permissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'observability-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        const adminGroups = config.getOptionalStringArray('observability.adminGroups') ?? [];
        policy.setPolicy(new ObservabilityPermissionPolicy(adminGroups, userInfo));
      },
    });
  },
});
