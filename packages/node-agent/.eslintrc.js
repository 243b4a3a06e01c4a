module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // dist/bundle/ holds generated single-file bundles; bin/*.js are plain CommonJS launchers.
  ignorePatterns: ['dist/', 'bin/'],
});
