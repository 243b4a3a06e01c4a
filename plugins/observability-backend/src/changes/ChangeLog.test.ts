import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { ChangeLog } from './ChangeLog';

describe('ChangeLog', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it.each(databases.eachSupportedId())('records and lists changes newest first (%p)', async id => {
    const knex = await databases.init(id);
    const log = await ChangeLog.create(mockServices.database({ knex }));
    const base = {
      operationId: 'op-1',
      entityRef: 'component:default/checkout',
      actor: 'user:default/olu',
      cluster: 'local',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'checkout',
    };
    await log.record([{ ...base, action: 'instrument', outcome: 'applied', message: 'ok' }]);
    await log.record([{ ...base, action: 'rollback', outcome: 'applied', message: 'crash loop' }]);
    const rows = await log.list('component:default/checkout');
    expect(rows.map(r => r.action)).toEqual(['rollback', 'instrument']);
    expect(rows[0]).toMatchObject({ ...base, outcome: 'applied', message: 'crash loop' });
    expect(await log.list('component:default/other')).toEqual([]);
  });
});
