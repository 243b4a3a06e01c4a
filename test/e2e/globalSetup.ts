// The same stack lifecycle the Jest integration tests use (test/stack/src/jest/lifecycle.ts).
export { globalSetup as default } from '../stack/src/jest/lifecycle';
