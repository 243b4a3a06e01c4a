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
  it('reports steps as the run reports them, and how it ended', async () => {
    const operations = new PipelineOperations();
    const c = controlledRun();
    const { operation, done } = operations.start('prod', 'install', c.run);
    expect(operation).toMatchObject({ cluster: 'prod', action: 'install', state: 'running', steps: [] });

    expect(c.progress().add([obj('a'), obj('b')])).toBe(0);
    c.progress().set(0, 'done');
    c.progress().set(1, 'running');
    expect(operations.get(operation.id)!.steps.map(s => s.status)).toEqual(['done', 'running']);
    // Later steps (an uninstall's leftovers) come after the planned ones.
    expect(c.progress().add([obj('c', 'delete')])).toBe(2);
    c.progress().set(1, 'done');
    c.progress().set(2, 'skipped', 'not present');
    c.finish();
    const final = await done;
    expect(final).toMatchObject({ state: 'succeeded' });
    expect(final.finishedAt).toBeDefined();
    expect(operations.get(operation.id)!.steps).toEqual([
      { ...obj('a'), status: 'done' },
      { ...obj('b'), status: 'done' },
      { ...obj('c', 'delete'), status: 'skipped', message: 'not present' },
    ]);
  });

  it('hands out copies: a poll never sees later changes made under it', () => {
    const operations = new PipelineOperations();
    const c = controlledRun();
    const { operation } = operations.start('prod', 'install', c.run);
    c.progress().add([obj('a')]);
    const seen = operations.get(operation.id)!;
    c.progress().set(0, 'done');
    expect(seen.steps[0].status).toBe('pending');
    expect(operation.steps).toEqual([]);
    c.finish();
  });

  it('runs one operation per cluster at a time and records a failure', async () => {
    const errors: string[] = [];
    const operations = new PipelineOperations((op, e) => errors.push(`${op.cluster}: ${e.message}`));
    const c = controlledRun();
    const first = operations.start('prod', 'install', c.run);
    expect(() => operations.start('prod', 'uninstall', async () => undefined)).toThrow(
      `An install is already running on prod (operation ${first.operation.id})`,
    );
    // Another cluster is not blocked.
    await operations.start('staging', 'uninstall', async () => undefined).done;
    c.finish(new Error('apply DaemonSet ns/x: HTTP 403'));
    expect(await first.done).toMatchObject({ state: 'failed', error: 'apply DaemonSet ns/x: HTTP 403' });
    expect(errors).toEqual(['prod: apply DaemonSet ns/x: HTTP 403']);
    // Free again once it ended.
    await operations.start('prod', 'uninstall', async () => undefined).done;
  });

  it('keeps a bounded number of finished operations', async () => {
    const operations = new PipelineOperations();
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const { operation, done } = operations.start('prod', 'install', async () => undefined);
      ids.push(operation.id);
      await done;
    }
    expect(operations.get(ids[0])).toBeUndefined();
    expect(operations.get(ids[59])).toMatchObject({ state: 'succeeded' });
  });
});
