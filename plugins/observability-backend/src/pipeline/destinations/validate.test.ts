import { getDestinationSpec, validateDestination } from '.';

const honeycomb = getDestinationSpec('honeycomb');

describe('validateDestination', () => {
  it('applies defaults and accepts a complete destination', () => {
    const out = validateDestination(honeycomb, {
      signals: ['traces'],
      values: {},
      secrets: { apiKey: 'k' },
    });
    expect(out.values).toMatchObject({ endpoint: 'api.honeycomb.io:443', compression: 'gzip' });
    expect(out.secrets).toEqual({ apiKey: 'k' });
  });

  it('keeps a stored secret when it is not re-entered', () => {
    expect(() =>
      validateDestination(honeycomb, { signals: ['traces'], values: {}, secrets: {} }),
    ).toThrow(/secrets.apiKey: required/);
    const out = validateDestination(honeycomb, { signals: ['traces'], values: {}, secrets: {} }, ['apiKey']);
    expect(out.secrets).toEqual({});
  });

  it('lists every problem', () => {
    expect(() =>
      validateDestination(
        honeycomb,
        {
          signals: ['traces'],
          values: { endpoint: 'evil.example:443', apiKey: 'x', bogus: 1, compression: 7 },
          secrets: { dataset: 'd' },
        },
        ['apiKey'],
      ),
    ).toThrow(
      /values.apiKey: is a secret.*values.bogus: unknown field.*secrets.dataset: not a secret.*values.endpoint: must be one of.*values.compression: must be text/,
    );
  });

  it('validates URLs, host:port, patterns and signals', () => {
    const tempo = getDestinationSpec('tempo');
    expect(() =>
      validateDestination(tempo, { signals: ['traces'], values: { endpoint: 'http://tempo:4317' }, secrets: {} }),
    ).toThrow(/host:port/);
    expect(() =>
      validateDestination(tempo, { signals: ['logs'], values: { endpoint: 'tempo:4317' }, secrets: {} }),
    ).toThrow(/does not accept logs/);
    const grafana = getDestinationSpec('grafana-cloud');
    expect(() =>
      validateDestination(
        grafana,
        { signals: ['traces'], values: { endpoint: 'https://user:pw@otlp-gateway-prod-eu-west-2.grafana.net/otlp', instanceId: '1' }, secrets: { apiToken: 't' } },
      ),
    ).toThrow(/must not carry credentials/);
    expect(() =>
      validateDestination(
        grafana,
        { signals: ['traces'], values: { endpoint: 'https://example.com/otlp', instanceId: 'abc' }, secrets: { apiToken: 't' } },
      ),
    ).toThrow(/endpoint: must match.*instanceId: must match/);
  });
});
