import { ConfigReader } from '@backstage/config';
import { readClusterConfigs } from './clusterConfig';

describe('readClusterConfigs', () => {
  it('reads config-locator clusters the way the Kubernetes plugin writes them', () => {
    const { clusters, warnings } = readClusterConfigs(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'prod',
                  url: 'https://10.0.0.1:6443/',
                  authProvider: 'serviceAccount',
                  serviceAccountToken: 'secret-token',
                  caData: 'Y2E=',
                },
                { name: 'dev', url: 'https://dev:6443', skipTLSVerify: true },
              ],
            },
          ],
        },
      }),
    );
    expect(warnings).toEqual([]);
    expect(clusters).toEqual([
      {
        name: 'prod',
        url: 'https://10.0.0.1:6443',
        authProvider: 'serviceAccount',
        serviceAccountToken: 'secret-token',
        caData: 'Y2E=',
        skipTLSVerify: false,
      },
      {
        name: 'dev',
        url: 'https://dev:6443',
        authProvider: 'serviceAccount',
        serviceAccountToken: undefined,
        caData: undefined,
        skipTLSVerify: true,
      },
    ]);
  });

  it('warns about locators it cannot read instead of failing', () => {
    const { clusters, warnings } = readClusterConfigs(
      new ConfigReader({
        kubernetes: { clusterLocatorMethods: [{ type: 'catalog' }] },
      }),
    );
    expect(clusters).toEqual([]);
    expect(warnings[0]).toContain("locator type 'catalog' is not supported");
  });

  it('rejects a cluster name used twice', () => {
    const cluster = { name: 'a', url: 'https://a:6443' };
    expect(() =>
      readClusterConfigs(
        new ConfigReader({
          kubernetes: {
            clusterLocatorMethods: [{ type: 'config', clusters: [cluster, cluster] }],
          },
        }),
      ),
    ).toThrow("cluster name 'a' is used twice");
  });

  it('returns no clusters when the kubernetes section is absent', () => {
    expect(readClusterConfigs(new ConfigReader({})).clusters).toEqual([]);
  });
});
