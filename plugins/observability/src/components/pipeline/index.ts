export { PipelineSettings } from './PipelineSettings';
