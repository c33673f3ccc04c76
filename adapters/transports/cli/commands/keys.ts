import { resolve } from 'node:path';
import { esdhError, writeSigningKeys } from '../../../../engine/index.js';
import { stringOption, type Command } from '../command.js';
import { displayPath } from '../format.js';

/** `esdh keys new --out <name>`: an Ed25519 pair to sign snapshots with and check them by. */
export const keysCommand: Command = {
  name: 'keys',
  summary: 'Make an Ed25519 key pair for signed snapshots: <name>.key (private, mode 0600) and <name>.pub (public).',
  usage: 'esdh keys new --out <name>',
  positionals: true,
  options: {
    out: { type: 'string', short: 'o', value: 'name', help: 'path and name of the pair, without extension: writes <name>.key and <name>.pub; neither may exist' },
  },
  details: [
    'Sign with the private key, check with the public one:',
    '  esdh keys new --out release',
    '  esdh run --sign-key release.key --out /tmp/snap        (also esdh snapshot, esdh merge)',
    '  esdh verify --public-key release.pub /tmp/snap',
    'Keep <name>.key secret (it is written readable by you only); give <name>.pub to whoever verifies.',
    'An existing key is never overwritten (ESDH_ERR_KEY_EXISTS). What a signature proves: docs/verify.md.',
  ],
  async run(args, io) {
    const [action, ...extra] = args.positionals;
    if (action !== 'new') throw esdhError('ESDH_ERR_USAGE', action ? `unknown action '${action}': the only one is 'new'` : "say what to do: 'esdh keys new --out <name>'", 'keys');
    if (extra.length) throw esdhError('ESDH_ERR_USAGE', `unexpected argument '${extra[0]}'`, 'keys');
    const out = stringOption(args, 'out');
    if (!out) throw esdhError('ESDH_ERR_USAGE', 'keys new needs --out <name>: the pair is written to <name>.key and <name>.pub', 'keys');
    const files = writeSigningKeys(resolve(io.cwd, out));
    const key = displayPath(files.privateKey, io.cwd);
    const pub = displayPath(files.publicKey, io.cwd);
    io.stdout.write([
      `Wrote ${key} (private, mode 0600: keep it secret) and ${pub} (public: give it to whoever verifies)`,
      `sign:   npx esdh run --sign-key ${key} --out <folder>`,
      `check:  npx esdh verify --public-key ${pub} <folder>`,
      '',
    ].join('\n'));
    return 0;
  },
};
