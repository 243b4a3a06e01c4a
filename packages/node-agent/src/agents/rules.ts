import type { AgentVendor } from '../types';

/**
 * Conclusive markers that another vendor's agent is loaded or configured in a process. One match
 * is enough. Env rules look at names and at tokens inside values; results only ever name the
 * variable and the token, never the value (it may hold a licence key).
 */
export type AgentSignal =
  /** The variable is set (and not to an explicit "false"/"0"). */
  | { kind: 'env'; key: string }
  /** The variable's value contains the token (case-insensitive). */
  | { kind: 'envContains'; key: string; token: string }
  /** The command line contains the token. */
  | { kind: 'cmdline'; token: string }
  /** A mapped file's path contains the token (a native agent library). */
  | { kind: 'maps'; token: string };

export interface AgentRule {
  vendor: AgentVendor;
  name: string;
  signal: AgentSignal;
}

const env = (key: string): AgentSignal => ({ kind: 'env', key });
const envHas = (key: string, token: string): AgentSignal => ({
  kind: 'envContains',
  key,
  token,
});
const cmd = (token: string): AgentSignal => ({ kind: 'cmdline', token });
const lib = (token: string): AgentSignal => ({ kind: 'maps', token });

/** A JVM agent jar can arrive on the command line or through JAVA_TOOL_OPTIONS. */
const jvm = (token: string): AgentSignal[] => [
  cmd(token),
  envHas('JAVA_TOOL_OPTIONS', token),
];

function rules(
  vendor: AgentVendor,
  name: string,
  signals: AgentSignal[],
): AgentRule[] {
  return signals.map(signal => ({ vendor, name, signal }));
}

export const AGENT_RULES: readonly AgentRule[] = [
  ...rules('datadog', 'Datadog APM', [
    ...jvm('dd-java-agent'),
    envHas('NODE_OPTIONS', 'dd-trace'),
    cmd('ddtrace-run'),
    envHas('PYTHONPATH', 'ddtrace'),
    envHas('RUBYOPT', 'datadog'),
    envHas('RUBYOPT', 'ddtrace'),
    envHas('CORECLR_PROFILER', '846F5F1C'),
    envHas('LD_PRELOAD', 'datadog'),
    lib('ddtrace.so'),
    lib('Datadog.Trace.ClrProfiler.Native.so'),
    env('DD_TRACE_ENABLED'),
    env('DD_INJECTION_ENABLED'),
    env('DD_TRACE_AGENT_URL'),
  ]),
  ...rules('newrelic', 'New Relic APM', [
    ...jvm('newrelic'),
    envHas('NODE_OPTIONS', 'newrelic'),
    cmd('newrelic-admin'),
    envHas('CORECLR_PROFILER', '36032161-FFC0-4B61-B559-F6C5D41BAE5A'),
    lib('newrelic.so'),
    env('NEW_RELIC_LICENSE_KEY'),
    env('NEW_RELIC_CONFIG_FILE'),
    env('NEW_RELIC_APP_NAME'),
  ]),
  ...rules('dynatrace', 'Dynatrace OneAgent', [
    env('DT_DYNAMIZER_TARGET_EXE'),
    envHas('LD_PRELOAD', 'oneagent'),
    envHas('LD_PRELOAD', '/dynatrace/'),
    lib('liboneagent'),
    env('DT_TENANT'),
  ]),
  ...rules('elastic', 'Elastic APM', [
    ...jvm('elastic-apm-agent'),
    envHas('NODE_OPTIONS', 'elastic-apm-node'),
    envHas('CORECLR_PROFILER', 'FA65FE15-F085-4681-9B20-95E04F6C03CC'),
    env('ELASTIC_APM_SERVER_URL'),
    env('ELASTIC_APM_SERVICE_NAME'),
  ]),
  ...rules('appdynamics', 'AppDynamics', [
    ...jvm('appdynamics'),
    envHas('NODE_OPTIONS', 'appdynamics'),
    envHas('CORECLR_PROFILER', '57E1AA68-2229-41AA-9931-A6E93BBC64D8'),
    env('APPDYNAMICS_CONTROLLER_HOST_NAME'),
    env('APPDYNAMICS_AGENT_APPLICATION_NAME'),
  ]),
  ...rules('splunk', 'Splunk OpenTelemetry', [
    ...jvm('splunk-otel-javaagent'),
    envHas('NODE_OPTIONS', '@splunk/otel'),
    cmd('splunk-py-trace'),
    env('SPLUNK_PROFILER_ENABLED'),
  ]),
  ...rules('instana', 'IBM Instana', [
    ...jvm('instana'),
    envHas('NODE_OPTIONS', '@instana/collector'),
    lib('libinstana'),
    env('INSTANA_AGENT_HOST'),
    env('INSTANA_ENDPOINT_URL'),
  ]),
  ...rules('grafana', 'Grafana OpenTelemetry', [
    ...jvm('grafana-opentelemetry-java'),
  ]),
  ...rules('aws', 'AWS Distro for OpenTelemetry', [
    ...jvm('aws-opentelemetry-agent'),
    envHas('NODE_OPTIONS', 'aws-distro-opentelemetry'),
  ]),
  ...rules('azure', 'Azure Application Insights', [
    ...jvm('applicationinsights-agent'),
    env('APPLICATIONINSIGHTS_CONNECTION_STRING'),
  ]),
  ...rules('skywalking', 'Apache SkyWalking', [
    ...jvm('skywalking-agent'),
    env('SW_AGENT_NAME'),
  ]),
  ...rules('pinpoint', 'Pinpoint', [...jvm('pinpoint-bootstrap')]),
  ...rules('contrast', 'Contrast Security', [
    ...jvm('contrast-agent'),
    ...jvm('contrast.jar'),
    env('CONTRAST__API__URL'),
  ]),
  ...rules('lumigo', 'Lumigo', [
    envHas('NODE_OPTIONS', '@lumigo/'),
    env('LUMIGO_TRACER_TOKEN'),
  ]),
  // OpenTelemetry last: vendor distributions above also carry "opentelemetry" in their names.
  ...rules('opentelemetry', 'OpenTelemetry', [
    ...jvm('opentelemetry-javaagent'),
    envHas('JAVA_TOOL_OPTIONS', 'otel-auto-instrumentation'),
    envHas('NODE_OPTIONS', '@opentelemetry/auto-instrumentations-node'),
    envHas('NODE_OPTIONS', 'otel-auto-instrumentation'),
    cmd('opentelemetry-instrument'),
    envHas('PYTHONPATH', 'opentelemetry/instrumentation/auto_instrumentation'),
    envHas('PYTHONPATH', 'otel-auto-instrumentation'),
    envHas('CORECLR_PROFILER', '918728DD-259F-4A6A-AC2B-B85E1B658318'),
    envHas('DOTNET_STARTUP_HOOKS', 'OpenTelemetry.AutoInstrumentation'),
    envHas('RUBYOPT', 'opentelemetry'),
    lib('OpenTelemetry.AutoInstrumentation.Native.so'),
    lib('opentelemetry.so'),
  ]),
];
