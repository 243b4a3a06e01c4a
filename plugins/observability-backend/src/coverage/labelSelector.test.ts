import { matchesSelector, parseLabelSelector } from './labelSelector';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'frontend', 'backstage.io/kubernetes-id': 'storefront' };
  const matches = (selector: string) => matchesSelector(parseLabelSelector(selector), labels);

  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app=api', false],
    ['app!=api', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['app in (api, web)', true],
    ['app notin (api,web)', false],
    ['tier', true],
    ['!tier', false],
    ['!legacy', true],
    ['app=web,tier in (frontend,backend),!legacy', true],
    ['app=web, tier=backend', false],
    ['backstage.io/kubernetes-id=storefront', true],
    ['', true],
  ])('%s → %s', (selector, expected) => {
    expect(matches(selector)).toBe(expected);
  });

  it('matches nothing but absence and inequality on an unlabelled object', () => {
    expect(matchesSelector(parseLabelSelector('app=web'), undefined)).toBe(false);
    expect(matchesSelector(parseLabelSelector('!app'), undefined)).toBe(true);
    expect(matchesSelector(parseLabelSelector('app!=web'), {})).toBe(true);
  });

  it.each(['app=we b', 'bad key=x', 'app in (a,b c)', `app=${'x'.repeat(64)}`])(
    'rejects %p naming the bad part',
    selector => {
      expect(() => parseLabelSelector(selector)).toThrow(/invalid label (key|value)/);
    },
  );
});
