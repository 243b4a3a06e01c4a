#!/usr/bin/env node
/* eslint-disable */
// `yarn bench:detect`: runs the bundled detection benchmark, rebuilding it first when stale.
'use strict';
require(require('./build').ensureBuilt('bench')).main();
