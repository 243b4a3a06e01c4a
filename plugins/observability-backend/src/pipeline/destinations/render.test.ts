import { getDestinationSpec, parseHeaders, renderExporter, secretEnvName } from '.';

const env = (dest: string) => (f: string) => `\${env:${secretEnvName(dest, f)}}`;

describe('renderExporter', () => {
  it('renders Honeycomb with the API key as an env reference and drops an empty dataset', () => {
    const out = renderExporter(getDestinationSpec('honeycomb'), {
      name: 'hc',
      values: { endpoint: 'api.eu1.honeycomb.io:443', compression: 'zstd' },
      secret: env('hc'),
    });
    expect(out).toEqual({
      id: 'otlp_grpc/hc',
      config: {
        endpoint: 'api.eu1.honeycomb.io:443',
        headers: { 'x-honeycomb-team': '${env:OBS_DEST_HC__API_KEY}' },
        compression: 'zstd',
        tls: { insecure_skip_verify: false },
      },
      extensions: {},
    });
  });

  it('adds a basic auth extension only when both user and password are set', () => {
    const spec = getDestinationSpec('tempo');
    const base = { name: 't', values: { endpoint: 'tempo:4317', tlsInsecure: true } };
    expect(renderExporter(spec, { ...base, secret: () => undefined }).extensions).toEqual({});
    const withAuth = renderExporter(spec, {
      ...base,
      values: { ...base.values, username: 'u' },
      secret: env('t'),
    });
    expect(withAuth.extensions).toEqual({
      'basicauth/t': { client_auth: { username: 'u', password: '${env:OBS_DEST_T__PASSWORD}' } },
    });
    expect(withAuth.config.auth).toEqual({ authenticator: 'basicauth/t' });
    expect(withAuth.config.tls).toEqual({ insecure: true, insecure_skip_verify: false });
  });

  it('merges extra headers without overriding vendor headers', () => {
    const out = renderExporter(getDestinationSpec('new-relic'), {
      name: 'nr',
      values: { headers: 'x-a=1, api-key=override' },
      secret: env('nr'),
    });
    expect(out.config.headers).toEqual({ 'x-a': '1', 'api-key': '${env:OBS_DEST_NR__LICENSE_KEY}' });
  });

  it('keeps env var names distinct across destinations and fields', () => {
    expect(secretEnvName('a-b', 'c')).not.toBe(secretEnvName('a', 'bC'));
    expect(secretEnvName('my-dest', 'apiKey')).toBe('OBS_DEST_MY_DEST__API_KEY');
  });

  it('rejects malformed headers', () => {
    expect(parseHeaders('a=1,b=2')).toEqual({ a: '1', b: '2' });
    expect(() => parseHeaders('novalue')).toThrow(/name=value/);
    expect(() => parseHeaders('bad header=1')).toThrow(/not a valid/);
  });
});
