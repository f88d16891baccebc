import { timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { systemClock } from '../kernel/clock.ts';
import { migrate, openDatabase } from '../kernel/db.ts';
import { DomainError, KernelErrors } from '../kernel/errors.ts';
import { cryptoRandom, token } from '../kernel/random.ts';
import { FileKeyStore } from '../pki/keystore.ts';
import type { TlsIdentity } from '../pki/network-ca.ts';
import { INSTITUTION_KINDS, type InstitutionKind } from './catalogue.ts';
import { isCode } from './codes.ts';
import { retentionCutoff } from './core.ts';
import { InstitutionNode } from './node.ts';
import { HttpsCoreClient, nodeEndpoints } from './remote.ts';
import { answer, CORE_TLS_NAME, mutualTlsServer, readJson } from './tls.ts';

/**
 * `bango serve --role node --institution CODE`: one institution's node in a process (and a
 * database) of its own. The core reaches it over mutual TLS on --network-port; its own
 * business system uses a loopback API on --port with the bearer token it prints (kept in
 * DATA_DIR/node-token, mode 0600). The TLS identity comes from `bango linkage tls issue`.
 */
export interface NodeOptions {
  institution: string;
  name: string;
  kind: InstitutionKind;
  localGovernmentCode: string | null;
  coreUrl: string;
  tlsDir: string;
  dataDir: string;
  databaseUrl: string | undefined;
  port: number;
  networkPort: number;
  host: string;
  keyEncryptionKey: Uint8Array;
  nodeKey: Uint8Array;
}

export function readIdentity(dir: string): TlsIdentity {
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return {
    key: read('key.pem'),
    cert: read('cert.pem'),
    ca: read('ca.pem'),
    serial: '',
    notAfter: new Date(0),
  };
}

export function writeIdentity(dir: string, identity: TlsIdentity): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const [file, text] of [
    ['key.pem', identity.key],
    ['cert.pem', identity.cert],
    ['ca.pem', identity.ca],
  ] as const) {
    writeFileSync(join(dir, file), text, { mode: 0o600 });
    chmodSync(join(dir, file), 0o600);
  }
}

export async function runNode(o: NodeOptions, say: (line: string) => void) {
  if (!isCode('institution', o.institution))
    throw new DomainError(KernelErrors.CONFIG_INVALID, 'bad institution code');
  if (!INSTITUTION_KINDS.includes(o.kind))
    throw new DomainError(KernelErrors.CONFIG_INVALID, 'bad institution kind');
  const identity = readIdentity(o.tlsDir);
  const database = await openDatabase(
    o.databaseUrl ? { url: o.databaseUrl } : { dataDir: join(o.dataDir, 'pglite') },
  );
  await migrate(database);
  const client = new HttpsCoreClient(identity, o.coreUrl);
  let node: InstitutionNode | null = null;
  const network = mutualTlsServer(
    identity,
    async (peer) => (peer.subject.CN === CORE_TLS_NAME ? CORE_TLS_NAME : null),
    (req, res, peer) => (node ? nodeEndpoints(node)(req, res, peer) : res.destroy()),
  );
  const networkPort = await network.listen(o.networkPort, o.host);
  node = await InstitutionNode.join({
    db: database.db,
    clock: systemClock,
    keys: new FileKeyStore(join(o.dataDir, 'keys'), o.keyEncryptionKey),
    core: client,
    resolveNumber: (n) => client.resolveNumber(n),
    nodeKey: o.nodeKey,
    code: o.institution as never,
    name: o.name,
    kind: o.kind,
    localGovernmentCode: o.localGovernmentCode,
    endpoint: `https://${o.host}:${networkPort}`,
  });
  const tokenFile = join(o.dataDir, 'node-token');
  mkdirSync(o.dataDir, { recursive: true });
  if (!existsSync(tokenFile)) writeFileSync(tokenFile, token(cryptoRandom, 32), { mode: 0o600 });
  const secret = Buffer.from(readFileSync(tokenFile, 'utf8').trim());
  const authorised = (req: IncomingMessage) => {
    const given = Buffer.from((req.headers.authorization ?? '').replace(/^Bearer /, ''));
    return given.length === secret.length && timingSafeEqual(given, secret);
  };
  const ready = node;
  // The business system's API: every route needs the node's bearer token.
  const api = createServer({ noDelay: true }, (req, res) => {
    if (!authorised(req)) {
      answer(res, Promise.reject(new DomainError(KernelErrors.AUTH_REQUIRED, 'token')));
      return;
    }
    const path = (req.url ?? '').split('?')[0];
    const body = () =>
      readJson(req).then((b) => (b && typeof b === 'object' ? (b as Record<string, unknown>) : {}));
    if (req.method === 'POST' && path === '/addressees') {
      answer(
        res,
        body().then((b) => ready.enrol(String(b.addressee ?? ''), String(b.individualNumber ?? ''))),
      );
    } else if (req.method === 'POST' && path === '/copies') {
      answer(
        res,
        body().then((b) =>
          ready.putCopy(String(b.addressee ?? ''), String(b.item ?? ''), b.data, {
            notDisclosed: b.notDisclosed === true,
            ...(b.validFrom !== undefined ? { validFrom: b.validFrom as string } : {}),
          }),
        ),
      );
    } else if (req.method === 'POST' && path === '/queries') {
      answer(
        res,
        body()
          .then((b) => ready.query(Array.isArray(b.queries) ? b.queries.slice(0, 500) : []))
          .then((results) => ({ results })),
      );
    } else if (req.method === 'POST' && path === '/keys') {
      answer(res, ready.rotateKeys());
    } else if (req.method === 'GET' && path === '/records') {
      answer(
        res,
        ready.records({ limit: 100 }).then((records) => ({ records })),
      );
    } else {
      answer(res, Promise.reject(new DomainError(KernelErrors.REQUEST_NOT_FOUND, 'no such route')));
    }
  });
  await new Promise<void>((resolve) => api.listen(o.port, '127.0.0.1', resolve));
  const apiPort = (api.address() as AddressInfo).port;
  say(`Node ${o.institution} (${o.name}) is running.`);
  say(`  API:      http://127.0.0.1:${apiPort}  (Authorization: Bearer from ${tokenFile})`);
  say(`  Network:  https://${o.host}:${networkPort}  (mutual TLS, for the core)`);
  say(`  Core:     ${o.coreUrl}`);
  // The node's own records are kept 7 years, like the core's.
  const retention = setInterval(() => {
    ready.store.forgetRecordsBefore(retentionCutoff(systemClock.now())).catch(() => undefined);
  }, 6 * 3_600_000);
  retention.unref();
  return {
    apiUrl: `http://127.0.0.1:${apiPort}`,
    close: async () => {
      clearInterval(retention);
      api.close();
      await network.close();
      await ready.drain();
      client.close();
      await database.close();
    },
  };
}
