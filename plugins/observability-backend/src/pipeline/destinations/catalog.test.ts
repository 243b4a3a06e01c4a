import { EXPORTER_TYPES } from '@internal/plugin-observability-common';
import { DESTINATIONS, listDestinationDefinitions, renderExporter, secretEnvName } from '.';
import { sampleValues } from '../testing/samples';

describe('destination catalogue', () => {
  it('has at least 25 destinations with unique types', () => {
    expect(DESTINATIONS.length).toBeGreaterThanOrEqual(25);
    expect(new Set(DESTINATIONS.map(d => d.type)).size).toBe(DESTINATIONS.length);
  });

  it.each(DESTINATIONS.map(d => [d.type, d] as const))('%s is well-formed', (_, spec) => {
    expect(EXPORTER_TYPES).toContain(spec.exporter);
    expect(spec.signals.length).toBeGreaterThan(0);
    expect(spec.docsUrl).toMatch(/^https:\/\//);
    const names = spec.fields.map(f => f.name);
    expect(new Set(names).size).toBe(names.length);
    const selects = spec.fields.filter(f => f.type === 'select');
    for (const f of selects) {
      const options = (f.options ?? []).map(o => o.value);
      expect(options.length).toBeGreaterThan(0);
      expect([undefined, ...options]).toContain(f.default);
    }
    for (const f of spec.fields.filter(x => x.pattern)) {
      expect(() => new RegExp(f.pattern!)).not.toThrow();
    }
    // Every placeholder in the template names a field (renderExporter throws otherwise).
    const { values, secrets } = sampleValues(spec);
    const rendered = renderExporter(spec, {
      name: 'dest',
      values,
      secret: f => (secrets[f] ? `\${env:${secretEnvName('dest', f)}}` : undefined),
    });
    expect(rendered.id).toBe(`${spec.exporter}/dest`);
    // Secret values never appear in a rendered config; env references do.
    const text = JSON.stringify(rendered);
    for (const value of Object.values(secrets)) expect(text).not.toContain(value);
    const referenced = Object.keys(secrets).filter(f => text.includes(`\${env:${secretEnvName('dest', f)}}`));
    // Every required secret is referenced (optional ones may be unused, e.g. basic auth without a user).
    const required = spec.fields.filter(f => f.secret && f.required).map(f => f.name);
    expect(referenced).toEqual(expect.arrayContaining(required));
  });

  it('serves definitions without templates', () => {
    const defs = listDestinationDefinitions();
    expect(defs).toHaveLength(DESTINATIONS.length);
    expect(defs[0]).not.toHaveProperty('config');
    expect(defs[0]).not.toHaveProperty('test');
  });

  it('prefers OTLP exporters for most vendors', () => {
    const otlp = DESTINATIONS.filter(d => d.exporter.startsWith('otlp_')).length;
    expect(otlp / DESTINATIONS.length).toBeGreaterThan(0.7);
  });
});
