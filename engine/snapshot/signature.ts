import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { esdhError } from '../contracts/errors.js';

/** The detached signature's file name: the manifest's name plus `.sig`. */
export function signatureFileName(manifestFile: string): string {
  return `${manifestFile}.sig`;
}

/**
 * An Ed25519 key from a PEM file (PKCS#8 private or SPKI public), refused
 * with a coded error naming the file when it is missing, unreadable or not
 * an Ed25519 key of the wanted kind.
 */
export function readKey(file: string, kind: 'private' | 'public'): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw esdhError('ESDH_ERR_KEY_INVALID', file, `cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let key: KeyObject;
  try {
    key = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
  } catch {
    throw esdhError('ESDH_ERR_KEY_INVALID', file, `it is not a PEM ${kind} key (make a pair with: esdh keys new --out <name>)`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw esdhError('ESDH_ERR_KEY_INVALID', file, `it is a ${key.asymmetricKeyType ?? 'unknown'} key; snapshots are signed with Ed25519`);
  return key;
}

/** The detached signature of the manifest's exact bytes: base64 of the Ed25519 signature, one line. */
export function signManifest(manifestBytes: Buffer, privateKey: KeyObject): string {
  return `${sign(null, manifestBytes, privateKey).toString('base64')}\n`;
}

/** Whether `signature` (the .sig file's text) signs exactly these manifest bytes under `publicKey`. */
export function manifestSignatureValid(manifestBytes: Buffer, signature: string, publicKey: KeyObject): boolean {
  const raw = Buffer.from(signature.trim(), 'base64');
  if (raw.length !== 64) return false;
  try {
    return verify(null, manifestBytes, publicKey, raw);
  } catch {
    return false;
  }
}

/** A new Ed25519 key pair as PEM text (private: PKCS#8, public: SPKI). */
export function newSigningKeys(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}
