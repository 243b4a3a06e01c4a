/* Accepts Yarn 1's `yarn --silent <script> ...` (Yarn 4 is already quiet when running
 * scripts, but rejects the flag), so documented commands such as
 * `yarn --silent detect --pid 1` work as written. */
module.exports = {
  name: 'plugin-silent-flag',
  factory: require => {
    const { BaseCommand } = require('@yarnpkg/cli');
    const { Option } = require('clipanion');
    class SilentRunCommand extends BaseCommand {
      static paths = [['--silent']];
      args = Option.Proxy();
      async execute() {
        return this.cli.run(['run', ...this.args]);
      }
    }
    return { commands: [SilentRunCommand] };
  },
};
