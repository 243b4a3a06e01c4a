/*
 * Global setup/teardown for Jest (and Playwright): start the stack when it is not up, and stop it
 * afterwards only if this run started it (a stack someone started by hand keeps running).
 * Set OBS_STACK_KEEP=1 to keep a stack this run started.
 */
import { ensureStackUp, stackStatus, stopStack } from '../stack';

const STARTED_FLAG = 'OBS_STACK_STARTED_BY_GLOBAL_SETUP';

export async function globalSetup(): Promise<void> {
  const before = await stackStatus();
  await ensureStackUp();
  if (!before.healthy) process.env[STARTED_FLAG] = '1';
}

export async function globalTeardown(): Promise<void> {
  if (process.env[STARTED_FLAG] === '1' && process.env.OBS_STACK_KEEP !== '1') {
    delete process.env[STARTED_FLAG];
    await stopStack();
  }
}
