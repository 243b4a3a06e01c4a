/*
 * Global setup/teardown for Jest (and Playwright): start the stack when it is not up, and stop it
 * afterwards only if this run started it and no other live process (another test run on the same
 * machine) has used it meanwhile. Set OBS_STACK_KEEP=1 to keep a stack this run started.
 */
import { log } from '../log';
import {
  ensureStackUp,
  otherStackUsers,
  stackStatus,
  stopStack,
} from '../stack';

const STARTED_FLAG = 'OBS_STACK_STARTED_BY_GLOBAL_SETUP';

export async function globalSetup(): Promise<void> {
  const before = await stackStatus();
  await ensureStackUp();
  if (!before.healthy) process.env[STARTED_FLAG] = '1';
}

export async function globalTeardown(): Promise<void> {
  if (process.env[STARTED_FLAG] !== '1') return;
  delete process.env[STARTED_FLAG];
  if (process.env.OBS_STACK_KEEP === '1') {
    log(
      'leaving the stack running (OBS_STACK_KEEP=1); stop it with: yarn stack:down',
    );
    return;
  }
  const others = otherStackUsers();
  if (others.length) {
    log(`leaving the stack running: also used by pid ${others.join(', ')}`);
    return;
  }
  await stopStack();
}
