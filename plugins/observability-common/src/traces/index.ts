export * from './model';
export * from './requests';
export * from './traceql';
export * from './otlp';
export * from './serviceName';
export * from './parseTraceResponse';
export * from './wire';
