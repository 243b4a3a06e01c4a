export {
  createTracesRouter,
  type TracesRouterOptions,
} from './createTracesRouter';
export { TempoClient, type TempoClientOptions } from './TempoClient';
export {
  PrometheusClient,
  type PrometheusClientOptions,
} from './prometheus/PrometheusClient';
