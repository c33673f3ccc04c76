/**
 * The repository's docs stand alone. No Markdown file (outside data/) cites
 * the design notes that sit beside a checkout (a `shared/` folder, DOMAIN.md,
 * DESIGN.md, STYLE.md, original-README.md) or names the v0.1 contract and the
 * insurance model anywhere but docs/; and every relative link in README.md,
 * docs/, governance/, prompts/ and future/ leads to a file of the repository.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { packageRoot } from '../helpers/package-root.js';

/** A problem at a line of a Markdown file. */
interface Finding {
  readonly file: string;
  readonly line: number;
  readonly problem: string;
}

/** Docs that are written on another branch of this round and may be linked before they land. */
const PENDING_DOCS: ReadonlySet<string> = new Set();

/** Citations that are known and owned by someone else (the lead rewords the decision log); remove each once it is gone. */
const KNOWN_CITATIONS: readonly { readonly file: string; readonly text: string }[] = [];

/** Folders (and files) whose relative links must resolve. */
const LINKED_DOCS = ['README.md', 'docs/', 'governance/', 'prompts/', 'future/'];

/** Names of design notes that are not part of the repository: never cited as files. */
const OUTSIDE_NOTES = /\b(?:DOMAIN|DESIGN|STYLE|original-README)\.md\b/g;
/** A path through a `shared/` folder, or the folder `../shared` itself. */
const SHARED_PATH = /(?<![\w-])shared\/([\w./-]*)|(?<![\w-])\.\.\/shared(?![\w/-])/g;
/** The repository's own docs that must be cited with their folder. */
const DOCS_NAMES = /(?<!docs\/)\b(v0\.1-contract|insurance-model)\.md\b/g;
/** An inline link or image: `](target)` or `](<target> "title")`. */
const INLINE_LINK = /\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;
/** A reference definition: `[label]: target`. */
const REFERENCE_LINK = /^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/;

/** Files git would commit (tracked, or new and not ignored) that exist on disk, as repository paths. */
function repositoryFiles(root: string): string[] {
  if (!existsSync(join(root, '.git'))) return walk(root, ''); // an exported tree without git: what is on disk
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return [...new Set(listed.split('\0').filter(Boolean))].filter((file) => existsSync(join(root, file))).sort();
}

function walk(root: string, dir: string): string[] {
  const skip = new Set(['.git', 'node_modules', 'dist', 'data/demo_runs', '.esdh']);
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (skip.has(path)) return [];
    return entry.isDirectory() ? walk(root, path) : [path];
  });
}

/** Where a link target points inside the repository (`..` first when it leaves it), or null for a URL or an anchor. */
export function linkPath(file: string, target: string): string | null {
  let path = target.startsWith('<') && target.endsWith('>') ? target.slice(1, -1) : target;
  if (path === '' || path.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//')) return null;
  path = path.replace(/[?#].*$/, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep it as written: a stray % is then simply a path that does not exist
  }
  const joined = path.startsWith('/') ? path.slice(1) : posix.join(posix.dirname(file), path);
  return posix.normalize(joined).replace(/\/$/, '') || '.';
}

/** Markdown text with fenced code blocks and inline code blanked out (lines kept), so only real links remain. */
function withoutCode(text: string): string[] {
  let fence: string | null = null;
  return text.split('\n').map((line) => {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      return '';
    }
    if (marker) {
      fence = marker;
      return '';
    }
    return line.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, (code) => ' '.repeat(code.length));
  });
}

/** Link targets of a Markdown file with their line numbers. */
export function linkTargets(text: string): { line: number; target: string }[] {
  const out: { line: number; target: string }[] = [];
  withoutCode(text).forEach((line, i) => {
    for (const match of line.matchAll(INLINE_LINK)) out.push({ line: i + 1, target: match[1]! });
    const reference = REFERENCE_LINK.exec(line);
    if (reference) out.push({ line: i + 1, target: reference[1]! });
  });
  return out;
}

/** Citations of files that are not the repository's own, in a Markdown file (code spans included: a path in backticks is still a citation). */
export function outsideCitations(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  text.split('\n').forEach((raw, i) => {
    if (KNOWN_CITATIONS.some((k) => k.file === file && raw.includes(k.text))) return;
    const report = (problem: string) => findings.push({ file, line: i + 1, problem });
    // Any path through a shared/ folder is a citation: readers of the repository do not have one.
    for (const match of raw.matchAll(SHARED_PATH)) report(`cites '${match[0]}', which is not in the repository`);
    for (const match of raw.matchAll(OUTSIDE_NOTES)) report(`cites ${match[0]}, which is not in the repository: cite a file under docs/ or governance/`);
    // A link that resolves to docs/<name>.md is fine however it is written; other mentions need the docs/ folder.
    let line = raw;
    for (const match of raw.matchAll(INLINE_LINK)) {
      const path = linkPath(file, match[1]!);
      if (path && /^docs\/(?:v0\.1-contract|insurance-model)\.md$/.test(path)) line = line.replace(match[0], ' '.repeat(match[0].length));
    }
    for (const match of line.matchAll(DOCS_NAMES)) report(`names ${match[0]} without its folder: write docs/${match[0]}`);
  });
  return findings;
}

/** Relative links that lead to no file or folder of the repository. */
export function brokenLinks(file: string, text: string, files: readonly string[], pending: ReadonlySet<string> = PENDING_DOCS): Finding[] {
  const known = new Set(files);
  const folders = new Set(files.flatMap((f) => f.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
  const findings: Finding[] = [];
  for (const { line, target } of linkTargets(text)) {
    const path = linkPath(file, target);
    if (path === null || path === '.' || known.has(path) || folders.has(path)) continue;
    if (pending.has(path) && !existsSync(join(packageRoot(), path))) continue;
    const why = path.startsWith('..') ? 'which is outside the repository' : 'which is not a file of the repository';
    findings.push({ file, line, problem: `links to '${target}' (${path}), ${why}` });
  }
  return findings;
}

const describeFindings = (findings: readonly Finding[]) => findings.map((f) => `${f.file}:${f.line}: ${f.problem}`).join('\n');

describe('docs stand alone', () => {
  const root = packageRoot();
  const files = repositoryFiles(root);
  const markdown = files.filter((f) => f.endsWith('.md') && !f.startsWith('data/'));

  it('finds the Markdown files of the repository', () => {
    expect(markdown).to.include.members(['README.md', 'docs/domain-rules.md', 'docs/v0.1-contract.md', 'governance/STEWARDSHIP.md', 'prompts/OPERATING_PROMPT.md']);
    expect(markdown.some((f) => f.startsWith('data/'))).to.equal(false);
  });

  it('no Markdown file outside data/ cites design notes from outside the repository', () => {
    const findings = markdown.flatMap((file) => outsideCitations(file, readFileSync(join(root, file), 'utf8')));
    expect(findings, describeFindings(findings)).to.deep.equal([]);
  });

  it('every relative link in README.md, docs/, governance/, prompts/ and future/ leads to a file of the repository', () => {
    const linked = markdown.filter((f) => LINKED_DOCS.some((d) => (d.endsWith('/') ? f.startsWith(d) : f === d)));
    expect(linked.length).to.be.greaterThan(10);
    const findings = linked.flatMap((file) => brokenLinks(file, readFileSync(join(root, file), 'utf8'), files));
    expect(findings, describeFindings(findings)).to.deep.equal([]);
  });

  describe('the checks catch what they are for', () => {
    const problems = (file: string, text: string) => outsideCitations(file, text).map((f) => f.problem);

    it('a shared/ path, a design note by name, a contract without docs/', () => {
      expect(problems('prompts/x.md', 'rules in `shared/DOMAIN.md`')).to.have.length(2);
      expect(problems('governance/x.md', 'see shared/reference/insurance-model.md')).to.have.length(2);
      expect(problems('prompts/x.md', 'as STYLE.md says')).to.have.length(1);
      expect(problems('prompts/x.md', 'follow DESIGN.md and the original-README.md')).to.have.length(2);
      expect(problems('prompts/x.md', 'the list in `v0.1-contract.md`')).to.have.length(1);
      expect(problems('governance/x.md', '[the contract](v0.1-contract.md)')).to.have.length(1);
      expect(problems('docs/x.md', 'the files beside the checkout (`../shared`)')).to.have.length(1);
    });

    it('accepts the repository\'s own docs and a user\'s module path', () => {
      expect(problems('prompts/x.md', 'the contract ([docs/v0.1-contract.md](../docs/v0.1-contract.md))')).to.deep.equal([]);
      expect(problems('docs/x.md', '[docs/insurance-model.md](insurance-model.md) and docs/style.md')).to.deep.equal([]);
      expect(problems('docs/plugins.md', 'a path such as `../shared/x.js`')).to.have.length(1);
      expect(problems('docs/plugins.md', 'a path such as `../common/x.js`')).to.deep.equal([]);
      expect(problems('governance/DECISIONS_LOG.md', "states; ZIPs outside DOMAIN.md's state prefix ranges are dropped")).to.have.length(1);
      expect(problems('governance/STEWARDSHIP.md', "states; ZIPs outside DOMAIN.md's state prefix ranges are dropped")).to.have.length(1);
    });

    it('a link to a missing file or out of the repository; not URLs, anchors, folders or code', () => {
      const tree = ['README.md', 'docs/a.md', 'examples/mocha/x.mjs', 'governance/ERRORS.md'];
      const broken = (file: string, text: string) => brokenLinks(file, text, tree, new Set()).map((f) => `${f.line}: ${f.problem}`);
      expect(broken('docs/a.md', '[x](b.md)')).to.have.length(1);
      expect(broken('docs/a.md', '[x](../../shared/DOMAIN.md)\n[y]: ../nope.md')).to.have.length(2);
      expect(broken('README.md', '[a](docs/a.md#top) [e](examples/) [g](governance/ERRORS.md) [w](https://example.com/x.md) [s](#section) [m](mailto:qa@example.com)')).to.deep.equal([]);
      expect(broken('docs/a.md', '[root](/governance/ERRORS.md) [self](./a.md) [up](../README.md)')).to.deep.equal([]);
      expect(broken('docs/a.md', '`[x](missing.md)`\n```md\n[y](missing.md)\n```\n')).to.deep.equal([]);
    });

    it('lets docs/architecture.md be linked only while it is not there', () => {
      const tree = ['prompts/p.md'];
      expect(brokenLinks('prompts/p.md', '[a](../docs/architecture.md)', tree)).to.deep.equal(existsSync(join(root, 'docs/architecture.md'))
        ? [{ file: 'prompts/p.md', line: 1, problem: "links to '../docs/architecture.md' (docs/architecture.md), which is not a file of the repository" }]
        : []);
      expect(brokenLinks('prompts/p.md', '[d](../docs/design.md)', tree)).to.have.length(1);
    });
  });
});
