// A throw-away certificate authority and the certificates the local cluster's TLS listeners use, made
// with openssl on first `kafka:up` into the git-ignored state folder. Tests use the same functions to
// make a second, unrelated CA (a "wrong CA") and a certificate for the wrong host name.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export class TlsError extends Error {}

async function openssl(args: string[]): Promise<void> {
  try {
    await execFileAsync('openssl', args);
  } catch (err) {
    const e = err as { stderr?: string; code?: string; message: string };
    if (e.code === 'ENOENT') throw new TlsError('openssl not found (Debian: apt-get install openssl)');
    const detail = (e.stderr ?? '').trim().split('\n').filter(Boolean).pop() ?? e.message;
    throw new TlsError(`openssl ${args[0]}: ${detail}`);
  }
}

export interface KeyPair {
  /** PEM certificate (for an issued certificate: followed by its CA's). */
  certFile: string;
  /** PEM private key, PKCS#8, not encrypted. */
  keyFile: string;
}

const DAYS = '3650';
// P-256 keys: generated at once, where RSA keys take a noticeable moment each on a small machine.
const NEW_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/** A self-signed CA in dir (ca.pem, ca.key). */
export async function newCa(dir: string, name: string): Promise<KeyPair> {
  mkdirSync(dir, { recursive: true });
  const ca = { certFile: join(dir, 'ca.pem'), keyFile: join(dir, 'ca.key') };
  await openssl([
    'req',
    '-x509',
    ...NEW_KEY,
    '-keyout',
    ca.keyFile,
    '-out',
    ca.certFile,
    '-days',
    DAYS,
    '-subj',
    `/CN=${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return ca;
}

export interface CertificateRequest {
  dir: string;
  /** File name stem: <name>.pem (certificate and CA chain), <name>.key. */
  name: string;
  commonName: string;
  /** subjectAltName entries, such as DNS:localhost, IP:127.0.0.1; none for a client certificate. */
  altNames?: string[];
  usage: 'serverAuth' | 'clientAuth';
}

/** A certificate signed by ca; the .pem holds the certificate followed by the CA's, as a chain. */
export async function issue(ca: KeyPair, req: CertificateRequest): Promise<KeyPair> {
  mkdirSync(req.dir, { recursive: true });
  const pair = { certFile: join(req.dir, `${req.name}.pem`), keyFile: join(req.dir, `${req.name}.key`) };
  const csr = join(req.dir, `${req.name}.csr`);
  const ext = join(req.dir, `${req.name}.ext`);
  const extensions = [`extendedKeyUsage=${req.usage}`, 'keyUsage=critical,digitalSignature'];
  if (req.altNames?.length) extensions.push(`subjectAltName=${req.altNames.join(',')}`);
  writeFileSync(ext, `${extensions.join('\n')}\n`);
  try {
    await openssl(['req', ...NEW_KEY, '-keyout', pair.keyFile, '-out', csr, '-subj', `/CN=${req.commonName}`]);
    await openssl([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      ca.certFile,
      '-CAkey',
      ca.keyFile,
      '-CAcreateserial',
      '-days',
      DAYS,
      '-extfile',
      ext,
      '-out',
      pair.certFile,
    ]);
  } finally {
    rmSync(csr, { force: true });
    rmSync(ext, { force: true });
  }
  writeFileSync(pair.certFile, readFileSync(pair.certFile, 'utf8') + readFileSync(ca.certFile, 'utf8'));
  return pair;
}

/** The files of the local cluster's TLS: its CA, the brokers' key and certificate (one for all three
 * nodes: they share a host), and a client certificate for the SSL listener, which requires one. */
export interface ClusterTls {
  ca: KeyPair;
  broker: KeyPair;
  /** Key then certificate chain in one file: a PEM keystore, as Kafka's ssl.keystore.type=PEM reads. */
  brokerKeystore: string;
  client: KeyPair;
  clientKeystore: string;
}

export function clusterTlsFiles(dir: string): ClusterTls {
  return {
    ca: { certFile: join(dir, 'ca.pem'), keyFile: join(dir, 'ca.key') },
    broker: { certFile: join(dir, 'broker.pem'), keyFile: join(dir, 'broker.key') },
    brokerKeystore: join(dir, 'broker-keystore.pem'),
    client: { certFile: join(dir, 'client.pem'), keyFile: join(dir, 'client.key') },
    clientKeystore: join(dir, 'client-keystore.pem'),
  };
}

/** Makes the cluster's CA and certificates once; a folder without its last file is made anew. */
export async function ensureClusterTls(dir: string, clientName: string): Promise<ClusterTls> {
  const files = clusterTlsFiles(dir);
  if (existsSync(files.clientKeystore)) return files;
  rmSync(dir, { recursive: true, force: true });
  const ca = await newCa(dir, 'simple-produce local cluster CA (throw-away)');
  const broker = await issue(ca, {
    dir,
    name: 'broker',
    commonName: 'localhost',
    altNames: ['DNS:localhost', 'IP:127.0.0.1'],
    usage: 'serverAuth',
  });
  const client = await issue(ca, { dir, name: 'client', commonName: clientName, usage: 'clientAuth' });
  const keystore = (pair: KeyPair) => readFileSync(pair.keyFile, 'utf8') + readFileSync(pair.certFile, 'utf8');
  writeFileSync(files.brokerKeystore, keystore(broker), { mode: 0o600 });
  writeFileSync(files.clientKeystore, keystore(client), { mode: 0o600 });
  return files;
}
