import { detectOtherAgents } from './detect';
import { AGENT_RULES } from './rules';

const env = (o: Record<string, string | undefined>) =>
  new Map(Object.entries(o));

describe('detectOtherAgents', () => {
  it.each([
    [
      {
        cmdline: ['java', '-javaagent:/opt/dd-java-agent.jar', '-jar', 'a.jar'],
      },
      'datadog',
    ],
    [
      { env: env({ JAVA_TOOL_OPTIONS: '-javaagent:/newrelic/newrelic.jar' }) },
      'newrelic',
    ],
    [
      { maps: ['/opt/dynatrace/oneagent/agent/lib64/liboneagentproc.so'] },
      'dynatrace',
    ],
    [{ env: env({ NODE_OPTIONS: '-r elastic-apm-node/start' }) }, 'elastic'],
    [{ env: env({ APPDYNAMICS_CONTROLLER_HOST_NAME: 'x' }) }, 'appdynamics'],
    [{ cmdline: ['java', '-javaagent:splunk-otel-javaagent.jar'] }, 'splunk'],
    [{ env: env({ INSTANA_AGENT_HOST: '10.0.0.1' }) }, 'instana'],
    [
      {
        env: env({
          CORECLR_PROFILER: '{918728dd-259f-4a6a-ac2b-b85e1b658318}',
        }),
      },
      'opentelemetry',
    ],
    [
      { cmdline: ['opentelemetry-instrument', 'python', 'app.py'] },
      'opentelemetry',
    ],
    [
      { env: env({ APPLICATIONINSIGHTS_CONNECTION_STRING: undefined }) },
      'azure',
    ],
  ])('%j -> %s', (inputs, vendor) => {
    expect(detectOtherAgents(inputs).map(a => a.vendor)).toEqual([vendor]);
  });

  it('names a vendor distribution rather than plain OpenTelemetry', () => {
    const r = detectOtherAgents({
      cmdline: ['java', '-javaagent:/x/aws-opentelemetry-agent.jar'],
    });
    expect(r.map(a => a.vendor)).toEqual(['aws']);
  });

  it('reports each vendor once, with the first evidence', () => {
    const r = detectOtherAgents({
      env: env({ DD_TRACE_ENABLED: 'true', DD_TRACE_AGENT_URL: 'http://x' }),
      cmdline: ['ddtrace-run', 'python'],
    });
    expect(r).toEqual([
      {
        vendor: 'datadog',
        name: 'Datadog APM',
        evidence: 'cmdline contains ddtrace-run',
      },
    ]);
  });

  it('ignores explicitly disabled switches and unrelated env', () => {
    expect(
      detectOtherAgents({
        env: env({ DD_TRACE_ENABLED: 'false', PATH: '/usr/bin' }),
      }),
    ).toEqual([]);
    expect(detectOtherAgents({})).toEqual([]);
  });

  it('never puts an env value into evidence', () => {
    const secret = 'nr-licence-0123456789';
    const r = detectOtherAgents({
      env: env({
        NEW_RELIC_LICENSE_KEY: secret,
        JAVA_TOOL_OPTIONS: `-Dkey=${secret} -javaagent:newrelic.jar`,
      }),
    });
    expect(JSON.stringify(r)).not.toContain(secret);
  });

  it('covers every vendor the issue names', () => {
    const vendors = new Set(AGENT_RULES.map(r => r.vendor));
    for (const v of [
      'datadog',
      'newrelic',
      'dynatrace',
      'elastic',
      'appdynamics',
      'splunk',
      'instana',
      'opentelemetry',
    ]) {
      expect(vendors.has(v as never)).toBe(true);
    }
  });
});
