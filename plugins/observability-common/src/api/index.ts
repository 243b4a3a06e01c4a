export * from './health';
export * from './workloads';
export * from './instrumentation';
export * from './coverage';
