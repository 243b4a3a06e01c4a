import { NotFoundError } from '@backstage/errors';
import type { DestinationDefinition } from '@internal/plugin-observability-common';
import { DESTINATIONS } from './catalog';
import type { DestinationSpec } from './types';

export { DESTINATIONS } from './catalog';
export { renderExporter, secretEnvName, parseHeaders } from './render';
export type { RenderInput, RenderedExporter } from './render';
export { validateDestination } from './validate';
export type { ValidatedDestination } from './validate';
export type { DestinationSpec, ConnectionTestSpec } from './types';

/** The destination kind named `type`; unknown types are a 404. */
export function getDestinationSpec(type: string): DestinationSpec {
  const spec = DESTINATIONS.find(d => d.type === type);
  if (!spec) throw new NotFoundError(`Unknown destination type '${type}'`);
  return spec;
}

/** The public part of each definition (no templates), for the admin forms. */
export function listDestinationDefinitions(): DestinationDefinition[] {
  return DESTINATIONS.map(({ type, displayName, category, docsUrl, signals, exporter, fields }) => ({
    type,
    displayName,
    category,
    docsUrl,
    signals,
    exporter,
    fields,
  }));
}
