import { DomainError, KernelErrors } from '../kernel/errors.ts';
import { defineCommand, OPERATOR } from '../platform/operator-commands.ts';
import { isCode } from './codes.ts';
import { verifyLog } from './log-verify.ts';
import { writeIdentity } from './node-main.ts';
import { seedNodes } from './seed.ts';

/**
 * The network's operator commands (`bango linkage …`, `bango log verify`). Arguments
 * arrive as plain JSON from the CLI or over the operator route; each checks its own.
 */
function text(args: Record<string, unknown>, name: string, valid: (v: string) => boolean): string {
  const v = args[name];
  if (typeof v !== 'string' || !valid(v)) {
    throw new DomainError(KernelErrors.REQUEST_INVALID, `${name} is missing or malformed`, { field: name });
  }
  return v;
}

export const institutionsCommand = defineCommand({
  name: 'linkage.institutions',
  async run(contexts, _args, io) {
    for (const { signingKey: _s, agreementKey: _a, ...i } of contexts.linkageService.institutions()) {
      io.out(JSON.stringify(i));
    }
    return 0;
  },
});

export const permissionsCommand = defineCommand({
  name: 'linkage.permissions',
  async run(contexts, _args, io) {
    const { version, rows } = contexts.linkageService.permissions();
    for (const row of rows) io.out(JSON.stringify({ version, ...row }));
    return 0;
  },
});

export const rotateKeysCommand = defineCommand({
  name: 'linkage.rotate-keys',
  async run(contexts, args, io) {
    const code = text(args, 'institution', (v) => isCode('institution', v));
    io.out(
      JSON.stringify({ institution: code, ...(await contexts.linkageService.rotateKeys(OPERATOR, code)) }),
    );
    return 0;
  },
});

export const queryCommand = defineCommand({
  name: 'linkage.query',
  async run(contexts, args, io) {
    const requester = text(args, 'requester', (v) => isCode('institution', v));
    // Conditions are optional; the node checks them (a typed LINKAGE_CONDITION_INVALID).
    const optional = (name: string) => (args[name] !== undefined ? { [name]: args[name] } : {});
    const [result] = await contexts.linkageService.query(OPERATOR, requester, [
      {
        individualNumber: text(args, 'resident', (v) => /^[0-9]{12}$/.test(v)),
        procedure: text(args, 'procedure', (v) => isCode('procedure', v)),
        ...(args.step !== undefined ? { step: text(args, 'step', (v) => isCode('step', v)) } : {}),
        provider: text(args, 'provider', (v) => isCode('institution', v)),
        item: text(args, 'item', (v) => isCode('item', v)),
        ...optional('fiscalYear'),
        ...optional('from'),
        ...optional('to'),
      },
    ]);
    io.out(JSON.stringify(result));
    return result!.outcome === 'refused' ? 1 : 0;
  },
});

export const recordsCommand = defineCommand({
  name: 'linkage.records',
  async run(contexts, args, io) {
    const number = text(args, 'resident', (v) => /^[0-9]{12}$/.test(v));
    const { records } = await contexts.linkageService.recordsOfNumber(OPERATOR, number);
    for (const { proof: _p, ...r } of records) io.out(JSON.stringify(r));
    return 0;
  },
});

export const linkageStatsCommand = defineCommand({
  name: 'linkage.stats',
  async run(contexts, _args, io) {
    io.out(JSON.stringify(await contexts.linkageService.stats(OPERATOR)));
    return 0;
  },
});

export const linkageSeedCommand = defineCommand({
  name: 'linkage.seed',
  async run(contexts, args, io) {
    const municipalities = Array.isArray(args.municipalities) ? (args.municipalities as string[]) : undefined;
    const result = await seedNodes(contexts.linkage, contexts.database.db, contexts.clock, {
      ...(municipalities ? { municipalities } : {}),
    });
    io.out(JSON.stringify(result));
    return 0;
  },
});

export const logVerifyCommand = defineCommand({
  name: 'log.verify',
  async run(contexts, _args, io) {
    await contexts.linkage.core.log.signHead();
    const report = await verifyLog(contexts.database.db, contexts.linkage.core.log.publicKey);
    io.out(JSON.stringify(report));
    return report.ok ? 0 : 1;
  },
});

export const tlsIssueCommand = defineCommand({
  name: 'linkage.tls.issue',
  async run(contexts, args, io) {
    const institution = text(args, 'institution', (v) => isCode('institution', v));
    const dir = text(args, 'dir', (v) => v.length > 0 && v.length < 1000);
    const days =
      typeof args.days === 'number' && Number.isInteger(args.days) && args.days > 0 && args.days <= 825
        ? args.days
        : 365;
    const name = typeof args.name === 'string' && args.name ? args.name : institution;
    const identity = await contexts.linkage.tls.issue(institution, name, days);
    writeIdentity(dir, identity);
    io.out(
      JSON.stringify({
        institution,
        serial: identity.serial,
        notAfter: identity.notAfter.toISOString(),
        dir,
      }),
    );
    return 0;
  },
});

export const tlsRevokeCommand = defineCommand({
  name: 'linkage.tls.revoke',
  async run(contexts, args, io) {
    const serial = text(args, 'serial', (v) => /^[0-9A-Fa-f]{2,64}$/.test(v)).toUpperCase();
    await contexts.linkage.tls.revoke(serial);
    io.out(JSON.stringify({ serial, revoked: true }));
    return 0;
  },
});
