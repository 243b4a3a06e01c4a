export * from './destinations';
export * from './api';
