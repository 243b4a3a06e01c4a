/**
 * Shared between the observability frontend and backend plugins: permissions,
 * annotation names and the request/response schemas of the REST API.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './annotations';
export * from './api';
export * from './pipeline';
export * from './traces';
