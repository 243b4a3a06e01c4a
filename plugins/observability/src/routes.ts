import { createRouteRef } from '@backstage/core-plugin-api';

/** The catalog-wide Observability page (coverage by owner and system). */
export const rootRouteRef = createRouteRef({ id: 'observability' });

/**
 * The Observability tab of an entity page (legacy system). It needs its own route ref: sharing
 * the page's would make links to the page resolve to an entity's tab, which needs entity params.
 */
export const entityContentRouteRef = createRouteRef({ id: 'observability:entity-content' });
