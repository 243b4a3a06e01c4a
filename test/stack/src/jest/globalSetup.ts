import { globalSetup } from './lifecycle';

export default globalSetup;
