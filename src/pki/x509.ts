/**
 * @peculiar/x509, loaded the one way that works: its dependency injection needs the
 * reflect-metadata polyfill before the library loads, and Node's WebCrypto as provider.
 * Import x509 from here, never from the package directly.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };
