import { createRouteRef } from '@backstage/core-plugin-api';

/** The catalog-wide Observability page (coverage by owner and system). */
export const rootRouteRef = createRouteRef({ id: 'observability' });
