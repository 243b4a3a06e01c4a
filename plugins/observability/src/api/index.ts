export { observabilityApiRef, type ObservabilityApi } from './ObservabilityApi';
export { ObservabilityClient } from './ObservabilityClient';
export { tracesApiRef, type TracesApi } from './TracesApi';
export { TracesClient } from './TracesClient';
