import {
  parseGoDirective,
  parseReplaces,
  pinKubernetesStaging,
  renderWrapperGoMod,
} from './gomod';

const goMod = `module k8s.io/kubernetes

go 1.26.0

require (
\tk8s.io/api v0.0.0
)

replace (
\tk8s.io/api => ./staging/src/k8s.io/api
\tk8s.io/client-go => ./staging/src/k8s.io/client-go // comment
)

replace github.com/hashicorp/memberlist => github.com/grafana/memberlist v0.3.1-0.20220708130638-bd88e10a3d91
`;

describe('wrapper go.mod generation', () => {
  it('reads block and single-line replaces and the go directive', () => {
    expect(parseGoDirective(goMod)).toBe('1.26.0');
    expect(parseReplaces(goMod)).toEqual([
      { from: 'k8s.io/api', to: './staging/src/k8s.io/api' },
      { from: 'k8s.io/client-go', to: './staging/src/k8s.io/client-go' },
      {
        from: 'github.com/hashicorp/memberlist',
        to: 'github.com/grafana/memberlist v0.3.1-0.20220708130638-bd88e10a3d91',
      },
    ]);
  });

  it('pins each kubernetes staging module to v0.N.P', () => {
    const pinned = pinKubernetesStaging(parseReplaces(goMod), 'v1.36.3');
    expect(pinned[0]).toEqual({ from: 'k8s.io/api', to: 'k8s.io/api v0.36.3' });
    expect(pinned[1]).toEqual({
      from: 'k8s.io/client-go',
      to: 'k8s.io/client-go v0.36.3',
    });
    expect(pinned[2].to).toContain('grafana/memberlist');
    expect(() => pinKubernetesStaging([], '1.36')).toThrow(/v1.N.P/);
  });

  it('renders a wrapper module', () => {
    const out = renderWrapperGoMod({
      module: 'example.local/w',
      goVersion: '1.26.0',
      requires: [{ path: 'k8s.io/kubernetes', version: 'v1.36.3' }],
      replaces: [{ from: 'k8s.io/api', to: 'k8s.io/api v0.36.3' }],
    });
    expect(out).toContain('module example.local/w');
    expect(out).toContain('\tk8s.io/kubernetes v1.36.3');
    expect(out).toContain('\tk8s.io/api => k8s.io/api v0.36.3');
  });
});
