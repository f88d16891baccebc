import { connect } from 'node:tls';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/support/app.ts';
import { CHIYODA, registerPerson } from '../../test/support/cards.ts';
import { fromPglite, migrate } from '../kernel/db.ts';
import { MemoryKeyStore } from '../pki/keystore.ts';
import { NetworkCa, type TlsIdentity } from '../pki/network-ca.ts';
import { ITEMS, PROCEDURE } from './catalogue.ts';
import { InstitutionNode } from './node.ts';
import { coreEndpoints, HttpsCoreClient, HttpsTransport, nodeEndpoints } from './remote.ts';
import { CORE_TLS_NAME, mutualTlsClient, mutualTlsServer, NetworkTls } from './tls.ts';

const SHINJUKU = '1013104100000000';
let t: Awaited<ReturnType<typeof testApp>>;
let tls: NetworkTls;
let coreUrl = '';
let number = '';
let remote: InstitutionNode;
let remoteDb: Awaited<ReturnType<typeof PGlite.create>>;
let requestsSeen = 0;
const closers: Array<() => unknown> = [];

beforeAll(async () => {
  t = await testApp();
  const { contexts } = t;
  const id = await registerPerson(contexts);
  number = (await contexts.registry.index.numberOf(
    contexts.database.db,
    (await contexts.registry.service.residentRecordCodeOf(id))!,
  ))!;
  const chiyoda = await contexts.linkage.joinLocalGovernment(CHIYODA);
  await chiyoda.enrol('A1', number);
  await chiyoda.putCopy('A1', ITEMS.localTax, {
    fiscalYear: 2025,
    municipalityCode: CHIYODA,
    totalIncome: 5_000_000,
    taxableIncome: 3_000_000,
    municipalTax: 180_000,
    prefecturalTax: 120_000,
    forestEnvironmentTax: 1000,
    dependents: 0,
    exempt: false,
  });
  tls = new NetworkTls(
    contexts.database.db,
    contexts.clock,
    await NetworkCa.load(new MemoryKeyStore(), new Date()),
  );
  // The core, listening for nodes; reaching nodes of other processes over mutual TLS.
  const coreIdentity = await tls.issue(CORE_TLS_NAME, 'core', 365, new Date());
  const core = contexts.linkage.core;
  const transport = new HttpsTransport(coreIdentity, (code) => core.institution(code));
  contexts.linkage.transport.remote = transport;
  const coreServer = mutualTlsServer(
    coreIdentity,
    (peer) => tls.institutionOf(peer),
    (req, res, peer) => {
      requestsSeen++;
      coreEndpoints(core, (n) => contexts.registry.index.residentRecordCodeOf(contexts.database.db, n))(
        req,
        res,
        peer,
      );
    },
  );
  coreUrl = `https://127.0.0.1:${await coreServer.listen(0)}`;
  // Shinjuku's node: its own database, its own process in production (here its own server).
  remoteDb = await PGlite.create();
  const nodeDatabase = fromPglite(remoteDb);
  await migrate(nodeDatabase);
  const nodeIdentity = await tls.issue(SHINJUKU, '新宿区', 365, new Date());
  const client = new HttpsCoreClient(nodeIdentity, coreUrl);
  let node: InstitutionNode | null = null;
  const nodeServer = mutualTlsServer(
    nodeIdentity,
    async (peer) => (peer.subject.CN === CORE_TLS_NAME ? CORE_TLS_NAME : null),
    (req, res, peer) => nodeEndpoints(node!)(req, res, peer),
  );
  const nodeUrl = `https://127.0.0.1:${await nodeServer.listen(0)}`;
  node = await InstitutionNode.join({
    db: nodeDatabase.db,
    clock: contexts.clock,
    keys: new MemoryKeyStore(),
    core: client,
    resolveNumber: (n) => client.resolveNumber(n),
    nodeKey: new Uint8Array(32).fill(3),
    code: SHINJUKU as never,
    name: '新宿区',
    kind: 'municipality',
    localGovernmentCode: '131041',
    endpoint: nodeUrl,
  });
  remote = node;
  closers.push(
    () => coreServer.close(),
    () => nodeServer.close(),
    () => client.close(),
    () => transport.close(),
  );
}, 60_000);

afterAll(async () => {
  for (const c of closers) await c();
  await remoteDb?.close();
  await t?.close();
});

/** Opens a TLS connection with `identity` and sends a request; resolves with what came back. */
function tryConnect(identity: Pick<TlsIdentity, 'key' | 'cert' | 'ca'>): Promise<string> {
  const url = new URL(coreUrl);
  return new Promise((resolve) => {
    const socket = connect(
      { host: url.hostname, port: Number(url.port), ...identity, servername: 'localhost' },
      () => {
        socket.write(
          'GET /core/institutions/1013101600000000 HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n',
        );
      },
    );
    let got = '';
    socket.on('data', (d) => {
      got += d.toString();
    });
    socket.on('error', (e) => resolve(`error: ${e.message}`));
    socket.on('close', () => resolve(got || 'closed'));
  });
}

const CHIYODA_NODE = '1013101600000000';

describe('core and nodes over HTTPS with mutual TLS', () => {
  it('a node in its own database asks through the core, and answers the core', async () => {
    await remote.enrol('B1', number);
    const [tax] = await remote.query([
      {
        addressee: 'B1',
        procedure: PROCEDURE.childAllowance,
        provider: '1013101600000000',
        item: ITEMS.localTax,
        fiscalYear: 2025,
      },
    ]);
    expect(tax).toMatchObject({ outcome: 'provided', answer: { data: { taxableIncome: 3_000_000 } } });
    await remote.putCopy('B1', ITEMS.household, {
      municipalityCode: '131041',
      relationship: '世帯主',
      householdSize: 1,
      members: '1人',
    });
    // Chiyoda (in the core's process) asks Shinjuku (over mutual TLS).
    const [household] = await t.contexts.linkage
      .municipality(CHIYODA)
      .query([
        { addressee: 'A1', procedure: PROCEDURE.childAllowance, provider: SHINJUKU, item: ITEMS.household },
      ]);
    expect(household).toMatchObject({ outcome: 'provided', answer: { data: { householdSize: 1 } } });
    await remote.drain();
    expect((await remote.records()).map((r) => r.role).sort()).toEqual(['provision', 'request']);
  });

  it('keys rotate on either side across processes, and exchanges go on', async () => {
    const chiyoda = t.contexts.linkage.municipality(CHIYODA);
    const ask = {
      procedure: PROCEDURE.childAllowance,
      item: ITEMS.household,
    };
    // The remote node has Chiyoda's entry cached; the answer names Chiyoda's new key, so it asks again.
    await chiyoda.rotateKeys();
    const tax = { ...ask, addressee: 'B1', provider: CHIYODA_NODE, item: ITEMS.localTax, fiscalYear: 2025 };
    const [fromChiyoda] = await remote.query([tax]);
    expect(fromChiyoda).toMatchObject({
      outcome: 'provided',
      answer: { data: { taxableIncome: 3_000_000 } },
    });
    const before = remote.institution.agreementKey;
    await remote.rotateKeys();
    expect(t.contexts.linkage.core.institution(SHINJUKU).previousAgreementKey).toEqual(before);
    const [fromRemote] = await chiyoda.query([{ ...ask, addressee: 'A1', provider: SHINJUKU }]);
    expect(fromRemote).toMatchObject({ outcome: 'provided', answer: { data: { householdSize: 1 } } });
    const [again] = await remote.query([tax]);
    expect(again).toMatchObject({ outcome: 'provided', answer: { data: { taxableIncome: 3_000_000 } } });
  });

  it('refuses an unknown, a revoked and an expired certificate before reading a request', async () => {
    const before = requestsSeen;
    const stranger = await (await NetworkCa.load(new MemoryKeyStore(), new Date())).issue(SHINJUKU, 'x', {
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
    });
    expect(await tryConnect({ ...stranger, ca: tls.ca.pem })).toMatch(/error|closed/);
    const revoked = await tls.issue(SHINJUKU, '新宿区', 365, new Date());
    await tls.revoke(revoked.serial);
    expect(await tryConnect(revoked)).not.toMatch(/HTTP\/1\.1/);
    const expired = await tls.issue(SHINJUKU, '新宿区', 1, new Date(Date.now() - 3 * 86_400_000));
    expect(await tryConnect(expired)).not.toMatch(/HTTP\/1\.1/);
    const good = await tls.issue(SHINJUKU, '新宿区', 365, new Date());
    expect(await tryConnect(good)).toMatch(/HTTP\/1\.1 200/);
    expect(requestsSeen).toBe(before + 1); // only the good certificate's request was read
  });

  it('a node cannot speak for another institution, nor call a node itself', async () => {
    const other = await tls.issue('1013101600000000', '千代田区', 365, new Date());
    const client = mutualTlsClient(other);
    // A submission signed by Shinjuku's key but sent on Chiyoda's connection is refused.
    await expect(
      client.json(`${coreUrl}/core/submissions`, CORE_TLS_NAME, {
        jws: 'eyJhbGciOiJFUzI1NiIsImtpZCI6IjEwMTMxMDQxMDAwMDAwMDAiLCJ0eXAiOiJiYW5nby1saW5rYWdlLXF1ZXJ5K2p3cyJ9.e30.AA',
      }),
    ).rejects.toMatchObject({ code: 'LINKAGE_SIGNATURE_INVALID' });
    const endpoint = t.contexts.linkage.core.institution(SHINJUKU).endpoint!;
    await expect(client.json(`${endpoint}/node/answer`, SHINJUKU, {})).rejects.toBeTruthy();
    client.close();
  });
});

describe('the mutual TLS client', () => {
  it('sends a call that is safe twice once more when its connection is reset unanswered, and only that', async () => {
    const serverIdentity = await tls.issue(CORE_TLS_NAME, 'core', 1, new Date());
    let calls = 0;
    const server = mutualTlsServer(
      serverIdentity,
      async () => 'peer',
      (req, res) => {
        calls++;
        // The first request of each pair is dropped unanswered, as a reset under load is.
        if (calls % 2 === 1) req.socket.destroy();
        else res.end(JSON.stringify({ ok: calls }));
      },
    );
    const url = `https://127.0.0.1:${await server.listen(0)}/x`;
    const client = mutualTlsClient(await tls.issue(SHINJUKU, '新宿区', 1, new Date()));
    expect(await client.json(url, CORE_TLS_NAME, { a: 1 }, { resendOnReset: true })).toEqual({ ok: 2 });
    await expect(client.json(url, CORE_TLS_NAME, { a: 1 })).rejects.toMatchObject({
      code: 'LINKAGE_PEER_UNREACHABLE',
    });
    expect(calls).toBe(3);
    client.close();
    await server.close();
  });
});

describe('joining from another process', () => {
  it('cannot claim a kind its code does not have, nor lift its own suspension', async () => {
    const core = t.contexts.linkage.core;
    const shinjuku = core.institution(SHINJUKU);
    await expect(core.register({ ...shinjuku, kind: 'pension-service' })).rejects.toMatchObject({
      code: 'LINKAGE_CODE_FORMAT',
    });
    await core.setStatus(SHINJUKU, 'suspended');
    const again = await core.register({ ...shinjuku, status: 'active' });
    expect(again.status).toBe('suspended');
    await core.setStatus(SHINJUKU, 'active');
  });
});
