/**
 * Observability backend plugin: clusters, detection, instrumentation, pipeline and traces.
 *
 * @packageDocumentation
 */
export { observabilityPlugin as default } from './plugin';
