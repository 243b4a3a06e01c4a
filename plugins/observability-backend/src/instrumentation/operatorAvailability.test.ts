import { createServer, type Server } from 'node:http';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { checkOperator } from './operatorAvailability';

/**
 * A small API server answering the two requests the check makes (API discovery, then the
 * CRD) with the status the test chooses for the CRD.
 */
let crdStatus = 200;
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/apis/apiextensions.k8s.io/v1') {
      res.end(
        JSON.stringify({
          kind: 'APIResourceList',
          groupVersion: 'apiextensions.k8s.io/v1',
          resources: [
            { name: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false, singularName: '', verbs: ['get'] },
          ],
        }),
      );
      return;
    }
    if (req.url === '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/instrumentations.opentelemetry.io') {
      res.statusCode = crdStatus;
      res.end(
        JSON.stringify(
          crdStatus === 200
            ? { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'instrumentations.opentelemetry.io' } }
            : { kind: 'Status', status: 'Failure', code: crdStatus, message: crdStatus === 404 ? 'not found' : 'forbidden by RBAC' },
        ),
      );
      return;
    }
    res.statusCode = 500;
    res.end(JSON.stringify({ kind: 'Status', code: 500, message: `unexpected ${req.url}` }));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await new Promise(resolve => server.close(resolve));
});

const client = () =>
  new ClusterRegistry([
    // Plain HTTP, as behind `kubectl proxy`: there is no TLS to verify.
    { name: 'edge', url, authProvider: 'serviceAccount', serviceAccountToken: 't', skipTLSVerify: false },
  ]).get('edge');

describe('checkOperator', () => {
  it('reports the Operator installed when its Instrumentation CRD exists', async () => {
    crdStatus = 200;
    expect(await checkOperator(client())).toEqual({ cluster: 'edge', installed: true, checkFailed: false });
  });

  it('reports it missing, with the reason, when the CRD is not found', async () => {
    crdStatus = 404;
    expect(await checkOperator(client())).toEqual({
      cluster: 'edge',
      installed: false,
      checkFailed: false,
      reason: 'The OpenTelemetry Operator is not installed in cluster edge (no instrumentations.opentelemetry.io CRD)',
    });
  });

  it('says the check failed, rather than that it is missing, on any other error', async () => {
    crdStatus = 403;
    const check = await checkOperator(client());
    expect(check).toMatchObject({ cluster: 'edge', installed: false, checkFailed: true });
    expect(check.reason).toMatch(/^Could not check for the OpenTelemetry Operator in cluster edge: .*forbidden by RBAC/);
  });
});
