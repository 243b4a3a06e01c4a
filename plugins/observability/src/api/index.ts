export { observabilityApiRef, type ObservabilityApi } from './ObservabilityApi';
export { ObservabilityClient } from './ObservabilityClient';
