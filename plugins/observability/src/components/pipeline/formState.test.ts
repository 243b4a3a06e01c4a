import type { DestinationDefinition } from '@internal/plugin-observability-common';
import { formProblems, initialFormState, toDestinationInput } from './formState';

const honeycomb: DestinationDefinition = {
  type: 'honeycomb',
  displayName: 'Honeycomb',
  category: 'managed',
  docsUrl: 'https://docs.honeycomb.io',
  signals: ['traces', 'logs'],
  exporter: 'otlp_grpc',
  fields: [
    { name: 'endpoint', displayName: 'Region', type: 'select', required: true, secret: false, default: 'api.honeycomb.io:443', options: [{ value: 'api.honeycomb.io:443', label: 'US' }] },
    { name: 'apiKey', displayName: 'API key', type: 'string', required: true, secret: true },
    { name: 'dataset', displayName: 'Dataset', type: 'string', required: false, secret: false },
  ],
};

describe('destination form state', () => {
  it('starts from the defaults with traces selected and no secret values', () => {
    expect(initialFormState(honeycomb)).toEqual({
      name: '',
      type: 'honeycomb',
      signals: ['traces'],
      values: { endpoint: 'api.honeycomb.io:443' },
      secrets: {},
    });
  });

  it('omits empty values and secrets left empty (keeps the stored secret)', () => {
    const state = { ...initialFormState(honeycomb), name: 'hc', values: { endpoint: 'api.honeycomb.io:443', dataset: '' } };
    expect(toDestinationInput(honeycomb, state)).toEqual({
      name: 'hc',
      type: 'honeycomb',
      signals: ['traces'],
      values: { endpoint: 'api.honeycomb.io:443' },
      secrets: {},
    });
    expect(formProblems(honeycomb, state, [])).toEqual(['API key is required']);
    expect(formProblems(honeycomb, state, ['apiKey'])).toEqual([]);
    expect(formProblems(honeycomb, { ...state, name: 'Bad Name' }, ['apiKey'])[0]).toMatch(/Name/);
  });
});
