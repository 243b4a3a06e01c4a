export * from './health';
export * from './workloads';
