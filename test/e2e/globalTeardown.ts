export { globalTeardown as default } from '../stack/src/jest/lifecycle';
