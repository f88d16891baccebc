import { DomainError, KernelErrors } from '../kernel/errors.ts';
import { defineCommand } from '../platform/operator-commands.ts';
import { crlPem } from './ca.ts';

/** `bango pki export`: a CA's certificate and current CRL, as PEM. */
export const exportCommand = defineCommand({
  name: 'pki.export',
  async run(contexts, args, io) {
    const kind = args.kind === 'sign' ? 'signature' : args.kind === 'auth' ? 'authentication' : null;
    if (!kind)
      throw new DomainError(KernelErrors.REQUEST_INVALID, 'kind must be auth or sign', { field: 'kind' });
    const ca = contexts.pki.ca(kind).certificate.toString('pem');
    const crl = crlPem(await contexts.pki.crl(kind));
    io.out(JSON.stringify({ kind, ca, crl }));
    return 0;
  },
});

/** `bango pki verifier add --name …`: registers a 署名検証者 and prints its API key, once. */
export const verifierAddCommand = defineCommand({
  name: 'pki.verifier-add',
  async run(contexts, args, io) {
    const name = typeof args.name === 'string' ? args.name.trim() : '';
    if (name.length === 0 || name.length > 200) {
      throw new DomainError(KernelErrors.REQUEST_INVALID, 'name', { field: 'name' });
    }
    io.out(JSON.stringify(await contexts.verifiers.register(name)));
    return 0;
  },
});
