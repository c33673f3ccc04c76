/**
 * Which exporter owns each file of a snapshot, found by the artifact's
 * `format` among the engine's registered exporters. The core's own files
 * (the README) have no exporter; every other file must have one, or the
 * snapshot cannot be read, verified or merged by this engine.
 */
import type { EsdhError } from '../contracts/errors.js';
import type { Artifact, Exporter, SnapshotContext } from '../contracts/exporter.js';

/** Role of the snapshot README, the one data-free file the core writes itself (besides the manifest). */
export const README_ROLE = 'readme';

/** A snapshot file with the exporter that wrote it. */
export interface OwnedArtifact {
  readonly artifact: Artifact;
  readonly exporter: Exporter;
  /** Position in the manifest's artifact list. */
  readonly index: number;
}

/** True for files an exporter wrote (everything but the README). */
export function isExported(artifact: Artifact): boolean {
  return artifact.role !== README_ROLE;
}

/**
 * Every exported file of a manifest with its exporter. A file whose format
 * no registered exporter has → `refuse(why)`, which makes the caller's coded
 * error (a snapshot made with a plugin exporter this engine has not loaded).
 */
export function ownedArtifacts(artifacts: readonly Artifact[], exporters: readonly Exporter[], refuse: (why: string) => EsdhError): OwnedArtifact[] {
  const byName = new Map(exporters.map((e) => [e.name, e]));
  const owned: OwnedArtifact[] = [];
  artifacts.forEach((artifact, index) => {
    if (!isExported(artifact)) return;
    const exporter = byName.get(artifact.format);
    if (!exporter) {
      throw refuse(`its file ${artifact.file} is in format '${artifact.format}', which no exporter of this engine has (formats: ${[...byName.keys()].join(', ')}): register the exporter that wrote it (createEngine({ exporters: [...] }))`);
    }
    owned.push({ artifact, exporter, index });
  });
  return owned;
}

/** The entities whose records a file holds: its exporter's answer, or by default its entity (else all of the snapshot's). */
export function heldEntities(owned: OwnedArtifact, ctx: SnapshotContext): readonly string[] {
  const { artifact, exporter } = owned;
  if (exporter.holds) return exporter.holds(artifact, ctx);
  return artifact.entity ? [artifact.entity] : ctx.entities.map((e) => e.name);
}

/** True when the exporter reads records back exactly as generated. */
export function readsExactly(exporter: Exporter): boolean {
  return (exporter.readFidelity ?? 'exact') === 'exact';
}

/**
 * Verify's reading order: an entity's own files in generation order (so
 * referenced keys are known before they are looked up), exact copies first;
 * then files that hold several entities; manifest order breaks ties.
 */
export function verifyOrder(entities: readonly string[]): (a: OwnedArtifact, b: OwnedArtifact) => number {
  const rank = (o: OwnedArtifact) => [o.artifact.entity ? entities.indexOf(o.artifact.entity) : entities.length, readsExactly(o.exporter) ? 0 : 1, o.index];
  return (a, b) => compareRanks(rank(a), rank(b));
}

/**
 * Which copy openSnapshot reads an entity from: exact copies first, an
 * entity's own file before a bundle that holds it, then manifest order.
 */
export function sourceOrder(a: OwnedArtifact, b: OwnedArtifact): number {
  const rank = (o: OwnedArtifact) => [readsExactly(o.exporter) ? 0 : 1, o.artifact.entity ? 0 : 1, o.index];
  return compareRanks(rank(a), rank(b));
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
