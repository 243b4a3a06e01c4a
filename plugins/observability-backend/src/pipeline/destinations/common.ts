import type { DestinationField } from '@internal/plugin-observability-common';
import type { TemplateValue } from './types';

/** Field helpers, so each destination file reads as data. */
export const field = {
  endpoint(def: Partial<DestinationField> & { default?: string }): DestinationField {
    return {
      name: 'endpoint',
      displayName: 'Endpoint',
      type: 'hostPort',
      required: true,
      secret: false,
      ...def,
    };
  },
  url(name: string, displayName: string, def: Partial<DestinationField> = {}): DestinationField {
    return { name, displayName, type: 'url', required: true, secret: false, ...def };
  },
  text(name: string, displayName: string, def: Partial<DestinationField> = {}): DestinationField {
    return { name, displayName, type: 'string', required: true, secret: false, ...def };
  },
  secret(name: string, displayName: string, def: Partial<DestinationField> = {}): DestinationField {
    return { name, displayName, type: 'string', required: true, secret: true, ...def };
  },
  select(
    name: string,
    displayName: string,
    options: { value: string; label: string }[],
    def: Partial<DestinationField> = {},
  ): DestinationField {
    return {
      name,
      displayName,
      type: 'select',
      required: true,
      secret: false,
      options,
      default: options[0].value,
      ...def,
    };
  },
};

const COMPRESSION = {
  otlp_grpc: ['gzip', 'zstd', 'snappy', 'none'],
  otlp_http: ['gzip', 'zstd', 'deflate', 'snappy', 'none'],
};

/**
 * The options every OTLP exporter documents: extra headers, compression and TLS. Self-hosted
 * destinations may also turn TLS off (plaintext inside the cluster network).
 */
export function otlpOptions(
  exporter: 'otlp_grpc' | 'otlp_http',
  opts: { compression?: string; selfHosted?: boolean } = {},
): DestinationField[] {
  const fields: DestinationField[] = [
    {
      name: 'headers',
      displayName: 'Extra headers',
      type: 'headers',
      required: false,
      secret: false,
      description: 'key=value pairs separated by commas, sent with every export',
    },
    {
      name: 'compression',
      displayName: 'Compression',
      type: 'select',
      required: true,
      secret: false,
      default: opts.compression ?? 'gzip',
      options: COMPRESSION[exporter].map(c => ({ value: c, label: c })),
    },
  ];
  if (opts.selfHosted) {
    fields.push({
      name: 'tlsInsecure',
      displayName: 'Plaintext (no TLS)',
      type: 'boolean',
      required: false,
      secret: false,
      default: false,
    });
  }
  fields.push(
    {
      name: 'tlsInsecureSkipVerify',
      displayName: 'Skip TLS certificate verification',
      type: 'boolean',
      required: false,
      secret: false,
      default: false,
    },
    {
      name: 'tlsCaPem',
      displayName: 'CA certificate (PEM)',
      type: 'text',
      required: false,
      secret: false,
      description: 'For endpoints signed by a private CA',
    },
  );
  return fields;
}

/** The exporter keys the `otlpOptions` fields map to. */
export function otlpOptionsConfig(opts: { selfHosted?: boolean } = {}): Record<string, TemplateValue> {
  return {
    compression: '{compression}',
    tls: {
      ...(opts.selfHosted ? { insecure: '{tlsInsecure}' } : {}),
      insecure_skip_verify: '{tlsInsecureSkipVerify}',
      ca_pem: '{tlsCaPem}',
    },
  };
}
