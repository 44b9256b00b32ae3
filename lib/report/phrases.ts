/**
 * Phrases written from parameters, shared by the cell descriptions, the figure and table
 * captions and the methods paragraph, so that every text says the same thing about a setting
 * and follows it when it changes.
 */

/** "8:2" for a 0.2 test share, "7:3" for 0.3; "85%:15%" when the share is not a whole tenth. */
export function splitRatio(testFraction: number): string {
  const t = testFraction * 10;
  if (Math.abs(t - Math.round(t)) < 1e-9) return `${10 - Math.round(t)}:${Math.round(t)}`;
  const pct = (x: number) => `${+(x * 100).toFixed(1)}%`;
  return `${pct(1 - testFraction)}:${pct(testFraction)}`;
}

/** "8:2 (random over windows, seed 42)" / "7:3 (by patient, seed 7)": follows "split" in a sentence. */
export function splitPhrase(mode: 'samples' | 'grouped', testFraction: number, seed: number, unit = 'windows'): string {
  return `${splitRatio(testFraction)} (${mode === 'samples' ? `random over ${unit}` : 'by patient'}, seed ${seed})`;
}

/** Roman House–Brackmann grade for a whole grade, the number otherwise. */
export function gradeName(g: number): string {
  return ['', 'I', 'II', 'III', 'IV', 'V', 'VI'][g] ?? String(g);
}

/** A number as a reader writes it in a sentence: at most 3 significant digits, no float noise. */
export function num(x: number): string {
  return String(+x.toPrecision(3));
}

/** "1 permutation" / "100 permutations". */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : pluralWord}`;
}

/**
 * How a bootstrap drew its resamples, for a `ciMethod` parameter: "patients were resampled with
 * all their windows" / "windows were resampled independently".
 */
export function resamplingPhrase(method: 'samples' | 'patients', unit = 'windows'): string {
  return method === 'patients' ? `patients were resampled with all their ${unit}` : `${unit} were resampled independently`;
}
