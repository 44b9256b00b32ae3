import type { Progress } from '@/lib/notebook/define-cell';

/**
 * What the upload's check is doing, from the load step's last report ("reading file",
 * "validating rows"): a file of a million rows takes many seconds per stage, and a disabled
 * "Checking…" button alone does not say that anything is happening, nor how much. The step's
 * fraction is left out: it marks stages (0.1 reading, 0.5 validating), not rows done.
 */
export function checkingText(rowCount: number, progress?: Progress): string {
  const stage = progress?.message ? `: ${progress.message}` : '';
  return `Checking all ${rowCount.toLocaleString('en-US')} rows${stage}…`;
}
