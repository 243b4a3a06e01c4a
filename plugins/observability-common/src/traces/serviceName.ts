/**
 * Annotation naming the OpenTelemetry `service.name` of an entity's spans, for when it differs
 * from the entity name. The agents the product injects set `service.name` to the entity name.
 */
export const SERVICE_NAME_ANNOTATION =
  'observability.backstage.io/service-name';

/** The `service.name` of an entity's spans: the annotation when present, else the entity's name. */
export function serviceNameOfEntity(entity: {
  metadata: { name: string; annotations?: Record<string, string> };
}): string {
  return (
    entity.metadata.annotations?.[SERVICE_NAME_ANNOTATION]?.trim() ||
    entity.metadata.name
  );
}
