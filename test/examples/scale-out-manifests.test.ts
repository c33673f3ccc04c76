/**
 * The job-array examples of docs/scale-out.md run as written: the Kubernetes
 * Indexed Job's command lines (examples/scale-out/k8s-indexed-job.yaml, parsed
 * with yaml) for every completion index, with JOB_COMPLETION_INDEX and the
 * $(VAR) expansion Kubernetes does, then the merge Job's command, give the
 * data files one single run writes, byte for byte; the same for the AWS Batch
 * job definition with AWS_BATCH_JOB_ARRAY_INDEX. Three things change:
 * `npx --yes esdh@<version>` for this checkout's CLI (the version must be this
 * package's), the /mnt/esdh mount for a temp folder, and the record count is
 * shrunk to keep the test short.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { esdh } from '../helpers/cli.js';
import { packageRoot } from '../helpers/package-root.js';
import { readSnapshotFiles } from '../helpers/snapshot-files.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const EXAMPLES = join(packageRoot(), 'examples', 'scale-out');
const VERSION = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version as string;
const RECORDS = '203';
/** Where the manifests mount the volume every pod shares. */
const MOUNT = '/mnt/esdh';

interface Container {
  command: string[];
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  volumeMounts?: { mountPath: string }[];
}

/** Every Job document of a manifest file. */
function jobs(file: string): { metadata: { name: string }; spec: { completions?: number; completionMode?: string; template: { spec: { containers: Container[]; initContainers?: Container[] } } } }[] {
  return parseAllDocuments(readFileSync(join(EXAMPLES, file), 'utf8')).map((d) => d.toJS()).filter((d) => d.kind === 'Job');
}

/** A container's argv as the kubelet runs it: $(VAR) expanded from its env, `npx --yes esdh@v` → this CLI, /mnt/esdh → `shared`. */
function argvOf(container: Container, index: number | undefined, shared: string): string[] {
  const env: Record<string, string> = {};
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env[e.name] = e.value;
    else if (e.valueFrom?.fieldRef?.fieldPath === "metadata.annotations['batch.kubernetes.io/job-completion-index']" && index !== undefined) env[e.name] = String(index);
  }
  if (index !== undefined) env.JOB_COMPLETION_INDEX = String(index);
  const argv = [...container.command, ...(container.args ?? [])].map((a) => a.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => env[name] ?? whole));
  expect(argv.slice(0, 3)).to.deep.equal(['npx', '--yes', `esdh@${VERSION}`], 'the manifest runs this version');
  expect(container.volumeMounts?.map((m) => m.mountPath)).to.deep.equal([MOUNT]);
  return argv.slice(3).map((a) => (a.startsWith(`${MOUNT}/`) ? shared + a.slice(MOUNT.length) : a));
}

/** Shrink --records for the test. */
function small(argv: string[]): string[] {
  const i = argv.indexOf('--records');
  expect(i, 'the command gives --records').to.be.greaterThan(0);
  return [...argv.slice(0, i + 1), RECORDS, ...argv.slice(i + 2)];
}

async function ok(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
  const result = await esdh(argv, cwd, env);
  expect(result.code, `esdh ${argv.join(' ')}\n${result.stderr}`).to.equal(0);
}

describe('examples/scale-out: job-array manifests', function () {
  this.timeout(120_000);
  const tempDir = useTempDirs('esdh-scale-out-');

  it('the Kubernetes Indexed Job, then its merge Job, make the single run\'s files byte for byte', async () => {
    const shared = tempDir();
    const [shardJob] = jobs('k8s-indexed-job.yaml');
    expect(shardJob!.spec.completionMode).to.equal('Indexed');
    const completions = shardJob!.spec.completions!;
    const container = shardJob!.spec.template.spec.containers[0]!;
    const first = argvOf(container, 0, shared);
    expect(first[first.indexOf('--shard-count') + 1], '--shard-count is the completions').to.equal(String(completions));
    expect(first).to.include('--shard-from-env');
    for (let index = 0; index < completions; index++) {
      // As the pod sees it: the variable in its environment, the args already expanded.
      await ok(small(argvOf(container, index, shared)), shared, { JOB_COMPLETION_INDEX: String(index) });
    }
    const [mergeJob] = jobs('k8s-merge-job.yaml');
    const [merge] = mergeJob!.spec.template.spec.initContainers!;
    const mergeArgv = argvOf(merge!, undefined, shared);
    await ok(mergeArgv, shared);
    const [verify] = mergeJob!.spec.template.spec.containers;
    await ok(argvOf(verify!, undefined, shared), shared);

    const single = small(first.filter((a, i) => a !== '--shard-from-env' && first[i - 1] !== '--shard-count' && a !== '--shard-count'));
    single[single.indexOf('--out') + 1] = join(shared, 'single');
    await ok(single, shared);
    const out = mergeArgv[mergeArgv.indexOf('--out') + 1]!;
    const files = readSnapshotFiles(join(shared, 'single'));
    expect(Object.keys(files)).to.include.members(['persons_v0_1.csv', 'dataset_v0_1.json', 'README_SNAPSHOT_V0_1.md']);
    expect(readSnapshotFiles(out)).to.deep.equal(files);
  });

  it('the AWS Batch job definition, for every array index, then the merge, make the single run\'s files byte for byte', async () => {
    const shared = tempDir();
    const definition = JSON.parse(readFileSync(join(EXAMPLES, 'aws-batch-job-definition.json'), 'utf8'));
    const [sh, flag, line] = definition.containerProperties.command as string[];
    expect([sh, flag]).to.deep.equal(['sh', '-c']);
    expect(definition.containerProperties.mountPoints[0].containerPath).to.equal(MOUNT);
    const words = line!.split(/\s+/);
    expect(words.slice(0, 3)).to.deep.equal(['npx', '--yes', `esdh@${VERSION}`]);
    const count = Number(words[words.indexOf('--shard-count') + 1]);
    for (let index = 0; index < count; index++) {
      const argv = words.slice(3).map((w) => w.replace('$AWS_BATCH_JOB_ARRAY_INDEX', String(index)).replace(`${MOUNT}/`, `${shared}/`));
      await ok(small(argv), shared, { AWS_BATCH_JOB_ARRAY_INDEX: String(index) });
    }
    await ok(['merge', ...Array.from({ length: count }, (_, i) => join(shared, 'run-x', `shard-${i}`)), '--out', join(shared, 'merged'), '--quiet'], shared);
    await ok(['run', '--records', RECORDS, '--seed', '7', '--format', 'csv,json', '--out', join(shared, 'single'), '--quiet'], shared);
    expect(readSnapshotFiles(join(shared, 'merged'))).to.deep.equal(readSnapshotFiles(join(shared, 'single')));
  });
});
