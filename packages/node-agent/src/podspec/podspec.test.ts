import { detectFromPodSpec, parseImage } from './index';
import { CONFIDENCE } from '../types';

describe('parseImage', () => {
  it('splits registry, repository, name and tag', () => {
    expect(parseImage('python:3.12-slim')).toEqual({
      repository: 'python',
      name: 'python',
      tag: '3.12-slim',
    });
    expect(
      parseImage('registry.example.com:5000/team/api:v2@sha256:abc'),
    ).toEqual({
      repository: 'team/api',
      name: 'api',
      tag: 'v2',
    });
    expect(parseImage('localhost/app')).toEqual({
      repository: 'app',
      name: 'app',
      tag: undefined,
    });
    expect(parseImage('gcr.io/distroless/java17-debian12').repository).toBe(
      'distroless/java17-debian12',
    );
  });
});

describe('detectFromPodSpec', () => {
  it.each([
    ['eclipse-temurin:17-jre', 'java', '17'],
    ['gcr.io/distroless/java21-debian12:nonroot', 'java', '21'],
    ['python:3.12-slim', 'python', '3.12'],
    ['node:22-alpine', 'nodejs', '22'],
    ['gcr.io/distroless/nodejs20-debian12', 'nodejs', '20'],
    ['mcr.microsoft.com/dotnet/aspnet:8.0', 'dotnet', '8.0'],
    ['ruby:3.3', 'ruby', '3.3'],
    ['php:8.3-fpm', 'php', '8.3'],
    ['wordpress:6', 'php', null],
  ])('image %s -> %s %s', (image, language, version) => {
    const r = detectFromPodSpec({ name: 'c', image });
    expect(r.language).toBe(language);
    expect(r.runtimeVersion).toBe(version);
    expect(r.source).toBe('podspec');
    expect(r.confidence).toBeGreaterThan(0);
    expect(r.confidence).toBeLessThanOrEqual(CONFIDENCE.podSpecMax);
  });

  it('reads the program through shells and init wrappers', () => {
    const r = detectFromPodSpec({
      name: 'api',
      image: 'registry.internal/acme/api:1.4.2',
      command: ['/usr/bin/tini', '--'],
      args: ['sh', '-c', 'exec gunicorn app:wsgi --workers 4'],
    });
    expect(r.language).toBe('python');
    expect(r.evidence).toContain('command: gunicorn');
  });

  it('uses script extensions and env names, with version from well-known keys', () => {
    const r = detectFromPodSpec({
      name: 'worker',
      image: 'acme/worker:latest',
      args: ['server.js'],
      env: [
        { name: 'NODE_VERSION', value: '20.11.1' },
        { name: 'NODE_ENV', value: 'production' },
      ],
    });
    expect(r.language).toBe('nodejs');
    expect(r.runtimeVersion).toBe('20.11.1');
    expect(r.evidence).toEqual(['args: server.js', 'env: NODE_VERSION']);
  });

  it('agreement raises confidence, still capped below process evidence', () => {
    const one = detectFromPodSpec({
      name: 'a',
      image: 'acme/x',
      command: ['java'],
    });
    const three = detectFromPodSpec({
      name: 'a',
      image: 'eclipse-temurin:21',
      command: ['java', '-jar', '/app/app.jar'],
      env: [{ name: 'JAVA_OPTS', value: '-Xmx1g' }],
    });
    expect(three.confidence).toBeGreaterThan(one.confidence);
    expect(three.confidence).toBeLessThanOrEqual(CONFIDENCE.podSpecMax);
    expect(three.confidence).toBeGreaterThan(0.4);
    expect(CONFIDENCE.podSpecMax).toBeLessThan(CONFIDENCE.processMin);
  });

  it('notes disagreement and lowers confidence', () => {
    const r = detectFromPodSpec({
      name: 'a',
      image: 'python:3.11',
      command: ['node', 'index.js'],
    });
    expect(r.language).toBe('nodejs');
    expect(r.evidence.join(' ')).toMatch(/also seen: python/);
    const clean = detectFromPodSpec({
      name: 'a',
      image: 'acme/x',
      command: ['node', 'index.js'],
    });
    expect(r.confidence).toBeLessThan(clean.confidence);
  });

  it('says unknown with zero confidence when nothing points anywhere', () => {
    const r = detectFromPodSpec({
      name: 'a',
      image: 'acme/mystery:1',
      command: ['/app/run'],
    });
    expect(r).toMatchObject({
      container: 'a',
      language: 'unknown',
      runtimeVersion: null,
      confidence: 0,
    });
  });

  it('reports musl for alpine images and other agents from env and args, without values', () => {
    const r = detectFromPodSpec({
      name: 'a',
      image: 'node:20-alpine3.19',
      env: [
        { name: 'NODE_OPTIONS', value: '--require dd-trace/init' },
        {
          name: 'NEW_RELIC_LICENSE_KEY',
          valueFrom: { secretKeyRef: { name: 's', key: 'k' } },
        },
        { name: 'DD_TRACE_ENABLED', value: 'false' },
      ],
    });
    expect(r.libc).toBe('musl');
    expect(r.otherAgents.map(a => [a.vendor, a.evidence])).toEqual([
      ['datadog', 'env NODE_OPTIONS contains dd-trace'],
      ['newrelic', 'env NEW_RELIC_LICENSE_KEY is set'],
    ]);
    const java = detectFromPodSpec({
      name: 'j',
      image: 'eclipse-temurin:17',
      args: ['-javaagent:/otel/opentelemetry-javaagent.jar', '-jar', 'app.jar'],
    });
    expect(java.otherAgents.map(a => a.vendor)).toEqual(['opentelemetry']);
  });

  it('tolerates odd input', () => {
    expect(() => detectFromPodSpec({ name: 'x' })).not.toThrow();
    expect(
      detectFromPodSpec({ name: 'x', env: [{ name: 'A' }], command: [''] })
        .language,
    ).toBe('unknown');
  });
});
