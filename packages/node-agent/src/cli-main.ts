// Entry of the bundled CLI (dist/bundle/cli.js); bin/detect.js calls main().
export { main } from './cli';
