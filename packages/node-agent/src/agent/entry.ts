// Entry of the bundled agent (dist/bundle/node-agent.js): starts at load.
import { main } from './main';

main().catch(err => {
  process.stderr.write(
    `${JSON.stringify({
      level: 'error',
      msg: 'agent failed',
      error: String(err),
    })}\n`,
  );
  process.exit(1);
});
