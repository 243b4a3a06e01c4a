#!/usr/bin/env node
/* eslint-disable */
// `yarn --silent detect --pid <PID>`: runs the bundled CLI, rebuilding it first when stale.
'use strict';
require(require('./build').ensureBuilt('cli')).main(process.argv.slice(2));
