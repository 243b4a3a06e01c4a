/**
 * Observability for the developer portal: workloads, languages, coverage, onboarding and traces.
 *
 * The default export is the plugin for the new frontend system; the named exports serve apps
 * on the legacy system.
 *
 * @packageDocumentation
 */
export { observabilityFrontendPlugin as default } from './alpha';
export {
  observabilityPlugin,
  EntityObservabilityContent,
  ObservabilityOnboardingButton,
  ObservabilityPage,
} from './plugin';
export { observabilityApiRef, ObservabilityClient, type ObservabilityApi } from './api';
export { tracesApiRef, TracesClient, type TracesApi } from './api';
export { TracesPage, EntityTracesSection } from './components/traces';
export { OnboardingButton } from './components/OnboardingButton';
