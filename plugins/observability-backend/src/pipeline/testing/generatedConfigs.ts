import type { Signal } from '@internal/plugin-observability-common';
import { DESTINATIONS, type DestinationSpec } from '../destinations';
import {
  renderGatewayConfig,
  renderNodeCollectorConfig,
  type CollectorConfig,
  type DestinationForConfig,
  type SecretEnv,
} from '../collector/config';
import { sampleSecret, sampleValues } from './samples';

/** The config sections whose keys are component ids (`type[/name]`). */
export const COMPONENT_KINDS = ['receivers', 'processors', 'exporters', 'connectors', 'extensions'] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];
export type ComponentTypes = Record<ComponentKind, string[]>;

/** One way an admin can fill in a destination's form. */
export interface DestinationVariant {
  /** e.g. `full`, `required-only`, `compression=zstd`, `signals=logs`. */
  variant: string;
  destination: DestinationForConfig;
  /** Values for the `${env:...}` references, as the gateway's Secret-backed env would hold them. */
  env: Record<string, string>;
}

export interface GeneratedConfig {
  name: string;
  config: CollectorConfig;
  env: Record<string, string>;
}

function envFor(spec: DestinationSpec, env: SecretEnv[]): Record<string, string> {
  return Object.fromEntries(env.map(e => [e.env, sampleSecret(spec.fields.find(f => f.name === e.key)!)]));
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * Every distinct form filling of one destination that can change the rendered exporter: all
 * fields set, only the required ones (optional secrets unset drops e.g. the auth extension),
 * each option of each select, each boolean flipped, and each signal alone (a destination
 * without traces leaves the gateway's traces pipeline on `debug`).
 */
export function destinationVariants(spec: DestinationSpec, index: number): DestinationVariant[] {
  const { values, secrets } = sampleValues(spec);
  const full = { values, secretsSet: Object.keys(secrets), signals: spec.signals };
  const fillings: Array<{ variant: string } & typeof full> = [{ variant: 'full', ...full }];
  fillings.push({
    variant: 'required-only',
    values: Object.fromEntries(
      Object.entries(values).filter(([name]) => spec.fields.find(f => f.name === name)!.required),
    ),
    secretsSet: full.secretsSet.filter(name => spec.fields.find(f => f.name === name)!.required),
    signals: spec.signals,
  });
  for (const field of spec.fields) {
    if (field.type === 'select') {
      for (const option of field.options ?? []) {
        if (option.value === values[field.name]) continue;
        fillings.push({ ...full, variant: `${field.name}=${option.value}`, values: { ...values, [field.name]: option.value } });
      }
    }
    if (field.type === 'boolean') {
      const flipped = !values[field.name];
      fillings.push({ ...full, variant: `${field.name}=${flipped}`, values: { ...values, [field.name]: flipped } });
    }
  }
  if (spec.signals.length > 1) {
    for (const signal of spec.signals) {
      fillings.push({ ...full, variant: `signals=${signal}`, signals: [signal] as Signal[] });
    }
  }
  return fillings.map((f, i) => {
    const destination: DestinationForConfig = {
      name: `d${index}-${i}-${slug(spec.type)}`.slice(0, 40),
      spec,
      signals: f.signals,
      values: f.values,
      secretsSet: f.secretsSet,
    };
    const { env } = renderGatewayConfig({ destinations: [destination] });
    return { variant: f.variant, destination, env: envFor(spec, env) };
  });
}

/** Every destination variant of the whole catalogue. */
export function allDestinationVariants(): DestinationVariant[] {
  return DESTINATIONS.flatMap((spec, i) => destinationVariants(spec, i));
}

/**
 * Every collector configuration the product renders: the node collector, the gateway without
 * destinations, the gateway with each destination variant alone, and one gateway with all of
 * them at once (as a cluster with many destinations would have).
 */
export function allGeneratedConfigs(): GeneratedConfig[] {
  const variants = allDestinationVariants();
  const gateway = (destinations: DestinationForConfig[]) => renderGatewayConfig({ destinations }).config;
  return [
    { name: 'node', config: renderNodeCollectorConfig({ cluster: 'local' }), env: { K8S_NODE_NAME: 'n' } },
    { name: 'gateway-empty', config: gateway([]), env: {} },
    ...variants.map(v => ({
      name: `gateway-${v.destination.spec.type}-${v.variant}`,
      config: gateway([v.destination]),
      env: v.env,
    })),
    {
      name: 'gateway-all',
      config: gateway(variants.map(v => v.destination)),
      env: Object.assign({}, ...variants.map(v => v.env)),
    },
  ];
}

/** The component types (the id before `/`) a configuration defines, per kind, sorted. */
export function componentTypes(configs: CollectorConfig[]): ComponentTypes {
  const out = {} as ComponentTypes;
  for (const kind of COMPONENT_KINDS) {
    const types = new Set<string>();
    for (const config of configs) {
      for (const id of Object.keys(config[kind] ?? {})) types.add(id.split('/')[0]);
    }
    out[kind] = [...types].sort();
  }
  return out;
}
