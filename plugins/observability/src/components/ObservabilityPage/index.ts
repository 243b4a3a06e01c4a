export { ObservabilityPage } from './ObservabilityPage';
