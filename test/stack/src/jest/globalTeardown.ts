import { globalTeardown } from './lifecycle';

export default globalTeardown;
