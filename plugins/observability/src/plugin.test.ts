import observabilityDefault, {
  EntityObservabilityContent,
  ObservabilityOnboardingButton,
  ObservabilityPage,
  observabilityPlugin,
} from './index';

describe('package exports', () => {
  it('default-exports the new frontend system plugin with its extensions', () => {
    expect(observabilityDefault.$$type).toBe('@backstage/FrontendPlugin');
    expect(observabilityDefault.id).toBe('observability');
    for (const id of [
      'api:observability',
      'entity-content:observability',
      'page:observability',
      'sub-page:observability/coverage',
      'sub-page:observability/settings',
    ] as const) {
      expect(observabilityDefault.getExtension(id)).toBeDefined();
    }
  });

  it('keeps the legacy plugin and components beside it', () => {
    expect(observabilityPlugin.getId()).toBe('observability');
    expect([...observabilityPlugin.getApis()].map(a => a.api.id).sort()).toEqual([
      'plugin.observability.api',
      'plugin.observability.pipeline',
      'plugin.observability.traces',
    ]);
    for (const component of [
      EntityObservabilityContent,
      ObservabilityOnboardingButton,
      ObservabilityPage,
    ]) {
      expect(typeof component).toBe('function');
    }
  });
});
