export * from './model';
export * from './requests';
export * from './traceql';
export * from './otlp';
