export { HealthTable, type HealthRow } from './HealthTable';
export { useHealthRows } from './useHealthRows';
