import type { Artifact } from '@/lib/notebook/define-cell';

/**
 * A cell's artifacts (tables, figures) as the page draws them, without letting one cell's failure
 * take the page down. A step kept at its earlier output while an input step failed (the input's
 * output is gone) has nothing to draw its artifacts from: they are left out, and `problem` says
 * why; a builder that throws on an output it does not expect is caught the same way.
 * (For CellFrame's `artifacts` memo: `safeArtifacts(def, output, params, inputs)`.)
 */
export function safeArtifacts(
  def: { artifacts?: (output: never, params: never, inputs: never) => Artifact[] },
  output: unknown,
  params: unknown,
  inputs: Record<string, unknown>,
): { artifacts: Artifact[]; problem: string | undefined } {
  if (output === undefined || !def.artifacts) return { artifacts: [], problem: undefined };
  const missing = Object.entries(inputs).filter(([, value]) => value === undefined).map(([name]) => name);
  if (missing.length > 0) return { artifacts: [], problem: `its input ${missing.map((m) => `"${m}"`).join(', ')} has no result now (the step that makes it failed or has not run)` };
  try {
    return { artifacts: def.artifacts(output as never, params as never, inputs as never), problem: undefined };
  } catch (err) {
    return { artifacts: [], problem: `its tables and figures could not be drawn (${err instanceof Error ? err.message : String(err)})` };
  }
}
