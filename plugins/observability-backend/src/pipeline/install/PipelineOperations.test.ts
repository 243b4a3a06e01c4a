import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { PipelineOperations, type StepProgress } from './PipelineOperations';

/** A run the test finishes by hand, so every state in between can be looked at. */
function controlledRun() {
  let progress!: StepProgress;
  let finish!: (error?: Error) => void;
  const run = (p: StepProgress) => {
    progress = p;
    return new Promise<void>((resolve, reject) => {
      finish = error => (error ? reject(error) : resolve());
    });
  };
  return { run, progress: () => progress, finish: (error?: Error) => finish(error) };
}

const obj = (name: string, action: 'apply' | 'delete' = 'apply') => ({ kind: 'ConfigMap', name, namespace: 'ns', action });

describe('PipelineOperations', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  /** A database, and a way to open it as one more backend replica. */
  async function replicas(id: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(id);
    return (options?: ConstructorParameters<typeof PipelineOperations>[1]) =>
      new PipelineOperations(mockServices.database({ knex }), options);
  }

  it.each(databases.eachSupportedId())('reports steps as the run reports them, and how it ended (%p)', async id => {
    const operations = (await replicas(id))();
    const c = controlledRun();
    const { operation, done } = await operations.start('prod', 'install', c.run);
    expect(operation).toMatchObject({ cluster: 'prod', action: 'install', state: 'running', steps: [] });

    expect(c.progress().add([obj('a'), obj('b')])).toBe(0);
    c.progress().set(0, 'done');
    c.progress().set(1, 'running');
    await operations.flush();
    expect((await operations.get(operation.id))!.steps.map(s => s.status)).toEqual(['done', 'running']);
    // Later steps (an uninstall's leftovers) come after the planned ones.
    expect(c.progress().add([obj('c', 'delete')])).toBe(2);
    c.progress().set(1, 'done');
    c.progress().set(2, 'skipped', 'not present');
    c.finish();
    const final = await done;
    expect(final).toMatchObject({ state: 'succeeded' });
    expect(final.finishedAt).toBeDefined();
    expect(await operations.get(operation.id)).toEqual(final);
    expect(final.steps).toEqual([
      { ...obj('a'), status: 'done' },
      { ...obj('b'), status: 'done' },
      { ...obj('c', 'delete'), status: 'skipped', message: 'not present' },
    ]);
    expect(await operations.get('no-such-operation')).toBeUndefined();
  });

  it.each(databases.eachSupportedId())('hands out copies: a caller never sees later changes made under it (%p)', async id => {
    const operations = (await replicas(id))();
    const c = controlledRun();
    const { operation, done } = await operations.start('prod', 'install', c.run);
    c.progress().add([obj('a')]);
    await operations.flush();
    const seen = (await operations.get(operation.id))!;
    c.progress().set(0, 'done');
    expect(seen.steps[0].status).toBe('pending');
    expect(operation.steps).toEqual([]);
    c.finish();
    await done;
  });

  it.each(databases.eachSupportedId())('runs one operation per cluster at a time and records a failure (%p)', async id => {
    const errors: string[] = [];
    const operations = (await replicas(id))({ onError: (op, e) => errors.push(`${op.cluster}: ${e.message}`) });
    const c = controlledRun();
    const first = await operations.start('prod', 'install', c.run);
    await expect(operations.start('prod', 'uninstall', async () => undefined)).rejects.toThrow(
      `An install is already running on prod (operation ${first.operation.id})`,
    );
    // Another cluster is not blocked.
    await (await operations.start('staging', 'uninstall', async () => undefined)).done;
    c.finish(new Error('apply DaemonSet ns/x: HTTP 403'));
    expect(await first.done).toMatchObject({ state: 'failed', error: 'apply DaemonSet ns/x: HTTP 403' });
    expect(await operations.get(first.operation.id)).toMatchObject({ state: 'failed', error: 'apply DaemonSet ns/x: HTTP 403' });
    expect(errors).toEqual(['prod: apply DaemonSet ns/x: HTTP 403']);
    // Free again once it ended.
    await (await operations.start('prod', 'uninstall', async () => undefined)).done;
  });

  it.each(databases.eachSupportedId())('answers and guards the cluster on every replica (%p)', async id => {
    const replica = await replicas(id);
    const a = replica();
    const b = replica();
    const c = controlledRun();
    const started = await a.start('prod', 'install', c.run);
    c.progress().add([obj('a')]);
    c.progress().set(0, 'running');
    await a.flush();
    expect(await b.get(started.operation.id)).toMatchObject({
      id: started.operation.id,
      state: 'running',
      steps: [{ ...obj('a'), status: 'running' }],
    });
    await expect(b.start('prod', 'uninstall', async () => undefined)).rejects.toThrow(
      `An install is already running on prod (operation ${started.operation.id})`,
    );
    c.progress().set(0, 'done');
    c.finish();
    await started.done;
    expect(await b.get(started.operation.id)).toMatchObject({ state: 'succeeded', steps: [{ status: 'done' }] });
    await (await b.start('prod', 'uninstall', async () => undefined)).done;
  });

  it.each(databases.eachSupportedId())('reads a running operation whose lease ran out as failed, on every replica (%p)', async id => {
    const replica = await replicas(id);
    let now = new Date('2026-12-04T10:00:00Z');
    const clock = () => now;
    const stopped = replica({ leaseMs: 60_000, now: clock });
    const c = controlledRun();
    const started = await stopped.start('prod', 'install', c.run);
    c.progress().add([obj('a'), obj('b')]);
    c.progress().set(0, 'done');
    c.progress().set(1, 'running');
    await stopped.flush();

    // The backend running it stops writing; a minute later another replica is asked.
    now = new Date('2026-12-04T10:01:01Z');
    const other = replica({ now: clock });
    const read = await other.get(started.operation.id);
    expect(read).toMatchObject({
      state: 'failed',
      finishedAt: '2026-12-04T10:00:00.000Z',
      steps: [
        { ...obj('a'), status: 'done' },
        { ...obj('b'), status: 'failed', message: 'Not finished: the backend stopped' },
      ],
    });
    expect(read!.error).toContain('Interrupted: the backend running this install stopped (last update 2026-12-04T10:00:00.000Z)');
    // Written back: a third replica, with a clock that never ran out, tells the same story.
    expect(await replica({ now: () => new Date('2026-12-04T10:00:00Z') }).get(started.operation.id)).toEqual(read);
    // And the cluster is free for a new operation.
    const next = await other.start('prod', 'install', async () => undefined);
    expect(await next.done).toMatchObject({ state: 'succeeded' });
    // The stopped backend's late writes do not bring its operation back to life.
    c.finish();
    await started.done;
    expect(await other.get(started.operation.id)).toMatchObject({ state: 'failed' });
  });

  it.each(databases.eachSupportedId())('deletes finished operations after a week (%p)', async id => {
    const replica = await replicas(id);
    let now = new Date('2026-12-04T10:00:00Z');
    const operations = replica({ now: () => now });
    const old = await operations.start('prod', 'install', async () => undefined);
    await old.done;
    now = new Date('2026-12-12T10:00:00Z');
    const recent = await operations.start('prod', 'install', async () => undefined);
    await recent.done;
    expect(await operations.get(old.operation.id)).toBeUndefined();
    expect(await operations.get(recent.operation.id)).toMatchObject({ state: 'succeeded' });
  });
});
