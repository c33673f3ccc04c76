import { resolve } from 'node:path';
import { stringOption, type OptionSpec, type ParsedArgs } from './command.js';

/** `--sign-key <file>` of the commands that write a snapshot (run, snapshot, merge). */
export const SIGN_KEY_OPTION: OptionSpec = {
  type: 'string',
  value: 'file',
  help: 'sign the manifest with this Ed25519 private key (<name>.key of esdh keys new): writes snapshot_manifest_<v>.json.sig beside it',
};

/** `--public-key <file>` of the commands that check a snapshot's signature. */
export const PUBLIC_KEY_OPTION: OptionSpec = {
  type: 'string',
  value: 'file',
  help: 'the manifest must be signed with this Ed25519 public key (<name>.pub of esdh keys new): proves who made the snapshot',
};

/** `--sign-key` as the engine's `signKey` option (path resolved from the working folder), or nothing. */
export function signKeyOption(args: ParsedArgs, cwd: string): { signKey?: string } {
  const file = stringOption(args, 'sign-key');
  return file === undefined ? {} : { signKey: resolve(cwd, file) };
}

/** `--public-key` as the engine's `publicKey` option (path resolved from the working folder), or nothing. */
export function publicKeyOption(args: ParsedArgs, cwd: string): { publicKey?: string } {
  const file = stringOption(args, 'public-key');
  return file === undefined ? {} : { publicKey: resolve(cwd, file) };
}
