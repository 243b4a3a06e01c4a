/*
 * The stack's PKI, generated with openssl on every start (nothing secret outlives a stack):
 * - ca.crt/ca.key: the cluster CA (clients verify the API server with ca.crt);
 * - apiserver.crt/key: the API server's serving certificate for 127.0.0.1 and the in-cluster names;
 * - sa.key/sa.pub: the key pair that signs and verifies service-account tokens.
 */
import fs from 'node:fs';
import path from 'node:path';
import { run } from './exec';
import { ensureDir } from './paths';

export interface Pki {
  dir: string;
  caCert: string;
  caKey: string;
  apiserverCert: string;
  apiserverKey: string;
  saKey: string;
  saPub: string;
}

export async function generatePki(openssl: string, dir: string): Promise<Pki> {
  ensureDir(dir);
  const f = (n: string) => path.join(dir, n);
  const pki: Pki = {
    dir,
    caCert: f('ca.crt'),
    caKey: f('ca.key'),
    apiserverCert: f('apiserver.crt'),
    apiserverKey: f('apiserver.key'),
    saKey: f('sa.key'),
    saPub: f('sa.pub'),
  };
  await run(openssl, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-days',
    '3650',
    '-subj',
    '/CN=observability-stack-ca',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
    '-keyout',
    pki.caKey,
    '-out',
    pki.caCert,
  ]);
  const extFile = f('apiserver.ext');
  fs.writeFileSync(
    extFile,
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local',
      '',
    ].join('\n'),
  );
  const csr = f('apiserver.csr');
  await run(openssl, [
    'req',
    '-new',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-subj',
    '/CN=kube-apiserver',
    '-keyout',
    pki.apiserverKey,
    '-out',
    csr,
  ]);
  await run(openssl, [
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    pki.caCert,
    '-CAkey',
    pki.caKey,
    '-CAcreateserial',
    '-days',
    '3650',
    '-sha256',
    '-extfile',
    extFile,
    '-out',
    pki.apiserverCert,
  ]);
  await run(openssl, ['genrsa', '-out', pki.saKey, '2048']);
  await run(openssl, ['rsa', '-in', pki.saKey, '-pubout', '-out', pki.saPub]);
  for (const key of [pki.caKey, pki.apiserverKey, pki.saKey])
    fs.chmodSync(key, 0o600);
  return pki;
}
