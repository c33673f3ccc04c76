import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign, verify } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { esdhError } from '../contracts/errors.js';

/** A key to sign or check with: the path of a PEM file, or a KeyObject. */
export type KeyInput = string | KeyObject;

/** The detached signature's file name: the manifest's name plus `.sig`. */
export function signatureFileName(manifestFile: string): string {
  return `${manifestFile}.sig`;
}

/**
 * An Ed25519 key from a PEM file (PKCS#8 private or SPKI public), refused
 * with a coded error naming the file when it is missing, unreadable or not
 * an Ed25519 key of the wanted kind.
 * @example
 * const key = readKey('release.pub', 'public');
 * // key.asymmetricKeyType → 'ed25519'
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

/**
 * A new Ed25519 key pair as PEM text (private: PKCS#8, public: SPKI).
 * @example
 * const { privateKey, publicKey } = newSigningKeys();
 * // privateKey → '-----BEGIN PRIVATE KEY-----\n…'; publicKey → '-----BEGIN PUBLIC KEY-----\n…'
 */
export function newSigningKeys(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/**
 * The Ed25519 key to sign (`'private'`) or check (`'public'`) with, from a
 * PEM file's path (see `readKey`) or a KeyObject, refused with
 * ESDH_ERR_KEY_INVALID when it is of the wrong kind. A private key given to
 * check with stands for its public half.
 */
export function signingKey(key: KeyInput, kind: 'private' | 'public'): KeyObject {
  if (typeof key === 'string') return readKey(key, kind);
  const what = `(the ${kind} KeyObject given)`;
  if (!(key instanceof KeyObject)) throw esdhError('ESDH_ERR_KEY_INVALID', what, 'expected the path of a PEM key file or a crypto KeyObject');
  if (key.asymmetricKeyType !== 'ed25519') throw esdhError('ESDH_ERR_KEY_INVALID', what, `it is a ${key.asymmetricKeyType ?? key.type} key; snapshots are signed with Ed25519`);
  if (kind === 'private' && key.type !== 'private') throw esdhError('ESDH_ERR_KEY_INVALID', what, 'it is a public key; signing needs the private key (<name>.key of esdh keys new)');
  return kind === 'public' && key.type === 'private' ? createPublicKey(key) : key;
}

/**
 * Whether the snapshot's manifest is signed by `publicKey`: null when the
 * `.sig` file beside it signs these exact bytes, otherwise what is wrong.
 */
export function signatureProblem(dir: string, manifestFile: string, manifestBytes: Buffer, publicKey: KeyObject): string | null {
  const sigFile = signatureFileName(manifestFile);
  let signature: string;
  try {
    signature = readFileSync(join(dir, sigFile), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `${sigFile} is missing: the snapshot is unsigned (sign it with esdh run --sign-key <file>)` : `${sigFile} cannot be read (${code ?? (error as Error).message})`;
  }
  return manifestSignatureValid(manifestBytes, signature, publicKey) ? null : `${sigFile} does not sign the manifest's bytes with that key: the manifest was changed after it was signed, or signed with another key`;
}

/** The two files `esdh keys new --out <name>` writes. */
export interface SigningKeyFiles {
  /** `<name>.key`: the private key (PKCS#8 PEM, mode 0600). */
  readonly privateKey: string;
  /** `<name>.pub`: the public key (SPKI PEM), for whoever verifies. */
  readonly publicKey: string;
}

/**
 * A new Ed25519 pair written to `<name>.key` (mode 0600) and `<name>.pub`;
 * ESDH_ERR_KEY_EXISTS when either is there already (nothing is overwritten,
 * and nothing is left half-written).
 * @example
 * const { privateKey, publicKey } = writeSigningKeys('/tmp/release');
 * // privateKey → '/tmp/release.key'; publicKey → '/tmp/release.pub'
 */
export function writeSigningKeys(name: string): SigningKeyFiles {
  const files: SigningKeyFiles = { privateKey: resolve(`${name}.key`), publicKey: resolve(`${name}.pub`) };
  for (const file of [files.privateKey, files.publicKey]) if (existsSync(file)) throw esdhError('ESDH_ERR_KEY_EXISTS', file);
  const pems = newSigningKeys();
  const written: string[] = [];
  try {
    for (const [file, pem, mode] of [[files.privateKey, pems.privateKey, 0o600], [files.publicKey, pems.publicKey, 0o644]] as const) {
      // 'wx': fails if the file appeared meanwhile, so a key is never overwritten.
      writeFileSync(file, pem, { flag: 'wx', mode });
      written.push(file);
      chmodSync(file, mode);
    }
  } catch (error) {
    for (const file of written) rmSync(file, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const file = [files.privateKey, files.publicKey][written.length]!;
    if (code === 'EEXIST') throw esdhError('ESDH_ERR_KEY_EXISTS', file);
    throw esdhError('ESDH_ERR_OUTPUT_UNWRITABLE', file, code ?? (error as Error).message);
  }
  return files;
}
