/**
 * Signed manifests: `run({ signKey })` (and merge) writes a detached Ed25519
 * signature of the manifest's exact bytes beside it, inside the same folder
 * swap; `verify(dir, { publicKey })` rejects any change, a fully consistent
 * forgery included (data changed, checksums and manifest recomputed; unsigned,
 * or re-signed with another key), which verify without a key cannot tell
 * from the real thing. Keys are PEM paths or KeyObjects.
 */
import { expect } from 'chai';
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSnapshot, openSnapshot, writeSigningKeys, type Engine, type SigningKeyFiles, type VerifyReport } from '../../../engine/index.js';
import { signManifest } from '../../../engine/snapshot/signature.js';
import { newEngine } from '../../helpers/engine.js';
import { expectEsdhError } from '../../helpers/errors.js';
import { readSnapshotFiles } from '../../helpers/snapshot-files.js';
import { editManifest, replaceEverywhere } from '../../helpers/tamper.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const SIG = 'snapshot_manifest_v0_1.json.sig';

describe('signed manifests', function () {
  this.timeout(60_000);
  const tempDir = useTempDirs('esdh-sign-');
  let engine: Engine;
  let keys: SigningKeyFiles;
  let other: SigningKeyFiles;
  before(async () => {
    engine = await newEngine();
  });
  beforeEach(() => {
    const folder = tempDir();
    keys = writeSigningKeys(join(folder, 'release'));
    other = writeSigningKeys(join(folder, 'mallory'));
  });

  const request = { records: 8, seed: 21, formats: ['csv', 'json', 'ndjson'] };

  function signatureRule(report: VerifyReport) {
    return report.rules.find((r) => r.rule === 'signature');
  }

  it('run({ signKey }) writes the .sig beside the manifest, unlisted in it; the data files are the bytes of an unsigned run', async () => {
    const parent = tempDir();
    const signed = await engine.run({ ...request, out: join(parent, 'signed'), signKey: keys.privateKey });
    const plain = await engine.run({ ...request, out: join(parent, 'plain') });
    expect(signed.signature).to.equal(join(signed.dir, SIG));
    expect(readdirSync(parent).sort(), 'no temporary folder is left').to.deep.equal(['plain', 'signed']);
    expect(signed.manifest.artifacts.map((a) => a.file)).to.not.include(SIG);
    const { [SIG]: sig, ...data } = readSnapshotFiles(signed.dir);
    expect(sig).to.be.a('string');
    expect(data).to.deep.equal(readSnapshotFiles(plain.dir));
    expect(readFileSync(join(signed.dir, SIG), 'utf8')).to.match(/^[A-Za-z0-9+/]{86}==\n$/);
  });

  it('verify without a key accepts the .sig as a known file and says the signature was not checked; with the key: valid', async () => {
    const { dir } = await engine.run({ ...request, out: join(tempDir(), 'snap'), signKey: keys.privateKey });
    const unchecked = await engine.verify(dir);
    expect(unchecked.rules.filter((r) => r.failed > 0)).to.deep.equal([]);
    expect(unchecked.signature).to.deep.equal({ file: SIG, status: 'not checked' });
    expect(signatureRule(unchecked)).to.equal(undefined);
    const checked = await engine.verify(dir, { publicKey: keys.publicKey });
    expect(checked.ok).to.equal(true);
    expect(checked.signature).to.deep.equal({ file: SIG, status: 'valid' });
    expect(signatureRule(checked)).to.include({ checked: 1, failed: 0 });
    // KeyObjects work too, and the private key stands for its public half.
    const pem = readFileSync(keys.privateKey, 'utf8');
    expect((await engine.verify(dir, { publicKey: createPublicKey(pem) })).ok).to.equal(true);
    expect((await engine.verify(dir, { publicKey: createPrivateKey(pem) })).ok).to.equal(true);
    const byObject = await engine.run({ ...request, out: join(tempDir(), 'snap'), signKey: createPrivateKey(pem) });
    expect((await engine.verify(byObject.dir, { publicKey: keys.publicKey })).signature.status).to.equal('valid');
  });

  it('any change to the manifest, one byte of whitespace included, breaks the signature', async () => {
    const { dir } = await engine.run({ ...request, out: join(tempDir(), 'snap'), signKey: keys.privateKey });
    const path = join(dir, 'snapshot_manifest_v0_1.json');
    writeFileSync(path, readFileSync(path, 'utf8') + ' ');
    const report = await engine.verify(dir, { publicKey: keys.publicKey });
    expect(report.ok).to.equal(false);
    expect(report.signature.status).to.equal('invalid');
    expect(signatureRule(report)!.examples).to.deep.equal([`snapshot_manifest_v0_1.json: ${SIG} does not sign the manifest's bytes with that key: the manifest was changed after it was signed, or signed with another key`]);
  });

  describe('a fully consistent forgery passes verify without a key, and fails with it', () => {
    async function forged(): Promise<string> {
      const { dir } = await engine.run({ ...request, out: join(tempDir(), 'snap'), signKey: keys.privateKey });
      // New data in every copy, checksums and manifest recomputed: internally consistent.
      const person = JSON.parse(readFileSync(join(dir, 'persons_v0_1.ndjson'), 'utf8').split('\n')[0]!) as { first_name: string; last_name: string };
      replaceEverywhere(dir, `${person.first_name},${person.last_name}`, `${person.first_name},Forged`);
      replaceEverywhere(dir, `"last_name":"${person.last_name}"`, '"last_name":"Forged"');
      expect(readFileSync(join(dir, 'persons_v0_1.ndjson'), 'utf8')).to.include('"last_name":"Forged"');
      const unchecked = await engine.verify(dir);
      expect(unchecked.rules.filter((r) => r.failed > 0), 'a consistent forgery is consistent').to.deep.equal([]);
      return dir;
    }

    it('kept the old signature', async () => {
      const dir = await forged();
      const report = await engine.verify(dir, { publicKey: keys.publicKey });
      expect(report.ok).to.equal(false);
      expect(signatureRule(report)!.examples[0]).to.include("does not sign the manifest's bytes with that key");
    });

    it('unsigned (the .sig removed)', async () => {
      const dir = await forged();
      rmSync(join(dir, SIG));
      const report = await engine.verify(dir, { publicKey: keys.publicKey });
      expect(report.signature).to.deep.equal({ file: null, status: 'invalid' });
      expect(signatureRule(report)!.examples[0]).to.equal(`snapshot_manifest_v0_1.json: ${SIG} is missing: the snapshot is unsigned (sign it with esdh run --sign-key <file>)`);
    });

    it('re-signed with another key', async () => {
      const dir = await forged();
      const manifest = readFileSync(join(dir, 'snapshot_manifest_v0_1.json'));
      writeFileSync(join(dir, SIG), signManifest(manifest, createPrivateKey(readFileSync(other.privateKey, 'utf8'))));
      expect((await engine.verify(dir, { publicKey: other.publicKey })).ok, "the forger's own key vouches for it").to.equal(true);
      expect((await engine.verify(dir, { publicKey: keys.publicKey })).ok).to.equal(false);
    });

    it('a different, genuine run carrying the first run\'s signature', async () => {
      const parent = tempDir();
      const real = await engine.run({ ...request, out: join(parent, 'real'), signKey: keys.privateKey });
      const fake = await engine.run({ ...request, seed: 22, out: join(parent, 'fake') });
      copyFileSync(join(real.dir, SIG), join(fake.dir, SIG));
      expect((await engine.verify(fake.dir)).ok).to.equal(true);
      expect((await engine.verify(fake.dir, { publicKey: keys.publicKey })).ok).to.equal(false);
    });
  });

  it('loadSnapshot / openSnapshot with publicKey refuse an unsigned or changed snapshot whatever their verify mode (ESDH_ERR_SIGNATURE_INVALID), and read a signed one', async () => {
    const { dir } = await engine.run({ ...request, out: join(tempDir(), 'snap'), signKey: keys.privateKey });
    const { records } = await loadSnapshot(dir, { engine, publicKey: keys.publicKey });
    expect(records.persons).to.have.length(8);
    editManifest(dir, (m) => (m.notes = `${m.notes}.`));
    for (const verify of ['full', 'checksums', false] as const) {
      await expectEsdhError(loadSnapshot(dir, { engine, verify, publicKey: keys.publicKey }), 'ESDH_ERR_SIGNATURE_INVALID');
      await expectEsdhError(openSnapshot(dir, { engine, verify, publicKey: keys.publicKey }), 'ESDH_ERR_SIGNATURE_INVALID');
    }
  });

  it('merge({ signKey }) signs the merged manifest; merge({ publicKey }) refuses an unsigned or foreign shard and writes nothing', async () => {
    const parent = tempDir();
    const shards: string[] = [];
    for (const index of [1, 2]) shards.push((await engine.run({ ...request, shard: { index, count: 2 }, out: join(parent, `s${index}`), signKey: keys.privateKey })).dir);
    const merged = await engine.merge(shards, { out: join(parent, 'merged'), signKey: keys.privateKey, publicKey: keys.publicKey });
    expect(merged.signature).to.equal(join(merged.dir, SIG));
    expect((await engine.verify(merged.dir, { publicKey: keys.publicKey })).ok).to.equal(true);

    rmSync(join(shards[1]!, SIG));
    const error = await expectEsdhError(engine.merge(shards, { out: join(parent, 'again'), publicKey: keys.publicKey }), 'ESDH_ERR_SIGNATURE_INVALID');
    expect(error.message).to.include(`${shards[1]}`).and.to.include(`${SIG} is missing`);
    await expectEsdhError(engine.merge(shards.slice(0, 1), { out: join(parent, 'again'), publicKey: other.publicKey }), 'ESDH_ERR_SIGNATURE_INVALID');
    expect(existsSync(join(parent, 'again'))).to.equal(false);
  });

  it('a key that cannot sign is refused before anything is written (ESDH_ERR_KEY_INVALID): a public key, an RSA key, a missing file, not PEM', async () => {
    const parent = tempDir();
    const rsa = join(parent, 'rsa.key');
    writeFileSync(rsa, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(parent, 'junk.key'), 'hello\n');
    const cases: [string | ReturnType<typeof createPublicKey>, RegExp][] = [
      [keys.publicKey, /it is not a PEM private key/],
      [createPublicKey(readFileSync(keys.publicKey, 'utf8')), /it is a public key; signing needs the private key/],
      [rsa, /it is a rsa key; snapshots are signed with Ed25519/],
      [join(parent, 'none.key'), /cannot read it \(ENOENT\)/],
      [join(parent, 'junk.key'), /it is not a PEM private key/],
    ];
    for (const [signKey, message] of cases) {
      const error = await expectEsdhError(engine.run({ ...request, out: join(parent, 'snap'), signKey }), 'ESDH_ERR_KEY_INVALID');
      expect(error.message).to.match(message);
      expect(existsSync(join(parent, 'snap'))).to.equal(false);
    }
    const { dir } = await engine.run({ ...request, out: join(parent, 'snap') });
    await expectEsdhError(engine.verify(dir, { publicKey: join(parent, 'junk.key') }), 'ESDH_ERR_KEY_INVALID');
  });

  it('writeSigningKeys: <name>.key mode 0600, <name>.pub; never overwrites either, and leaves nothing half-written', async () => {
    expect(statSync(keys.privateKey).mode & 0o777).to.equal(0o600);
    expect(readFileSync(keys.publicKey, 'utf8')).to.match(/^-----BEGIN PUBLIC KEY-----\n/);
    const before = readFileSync(keys.privateKey, 'utf8');
    const base = keys.privateKey.replace(/\.key$/, '');
    await expectEsdhError(() => writeSigningKeys(base), 'ESDH_ERR_KEY_EXISTS');
    expect(readFileSync(keys.privateKey, 'utf8')).to.equal(before);
    const lonely = join(tempDir(), 'half');
    writeFileSync(`${lonely}.pub`, 'someone else\n');
    expect((await expectEsdhError(() => writeSigningKeys(lonely), 'ESDH_ERR_KEY_EXISTS')).message).to.include('half.pub already exists');
    expect(existsSync(`${lonely}.key`)).to.equal(false);
  });
});
