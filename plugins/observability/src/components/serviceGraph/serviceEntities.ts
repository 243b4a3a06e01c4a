import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { SERVICE_NAME_ANNOTATION } from '@internal/plugin-observability-common';

/**
 * The catalog query that finds the entities behind service-graph nodes: Components named like
 * the service, and any entity whose service-name annotation names it.
 */
export function serviceEntitiesFilter(
  services: string[],
): Record<string, string | string[]>[] {
  return [
    { kind: 'component', 'metadata.name': services },
    { [`metadata.annotations.${SERVICE_NAME_ANNOTATION}`]: services },
  ];
}

/** service.name → entity ref; the annotation wins over a name match. */
export function mapServicesToEntities(
  services: string[],
  entities: Entity[],
): Map<string, string> {
  const wanted = new Set(services);
  const byService = new Map<string, string>();
  for (const entity of entities) {
    if (
      entity.kind.toLocaleLowerCase('en-US') === 'component' &&
      wanted.has(entity.metadata.name)
    ) {
      if (!byService.has(entity.metadata.name))
        byService.set(entity.metadata.name, stringifyEntityRef(entity));
    }
  }
  for (const entity of entities) {
    const annotated = entity.metadata.annotations?.[SERVICE_NAME_ANNOTATION];
    if (annotated && wanted.has(annotated))
      byService.set(annotated, stringifyEntityRef(entity));
  }
  return byService;
}
