/**
 * Credentials for running the app as a GitHub App in tests.
 *
 * @packageDocumentation
 */
import { generateKeyPairSync } from 'node:crypto';

let privateKey: string | undefined;

/**
 * A 2048-bit RSA private key in PKCS#1 PEM (`-----BEGIN RSA PRIVATE KEY-----`), the format GitHub hands out
 * for app keys. Generated once per process (module instance) because generation takes ~100 ms.
 */
export function generateTestPrivateKey(): string {
  privateKey ??= generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  }).privateKey;
  return privateKey;
}
