module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // Generated single-file bundles (bin/build.js); bin/*.js are plain CommonJS launchers.
  ignorePatterns: ['dist-bundle/', 'bin/'],
});
