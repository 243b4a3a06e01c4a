export { TraceView, type TraceViewProps } from './TraceView';
export { TraceSearch, type TraceSearchProps } from './TraceSearch';
export { TracesPage } from './TracesPage';
export { EntityTracesSection } from './EntityTracesSection';
