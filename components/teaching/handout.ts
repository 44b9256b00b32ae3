import { figureSvgText } from '@/lib/figures/compose-figure';
import { whatIfHandout } from '@/lib/figures/what-if-handout';
import type { WhatIfOutput } from '@/lib/cells/what-if-patient';
import { EDUCATIONAL_LABEL, SYNTHETIC_LABEL } from '@/lib/teaching/clinical-facts';
import { downloadBlob, downloadText, svgToPngBlob } from '@/components/notebook/download';
import { gradeLabel, intervalText, pct, predictedGrade } from './format';

/** The handout's text, from the what-if output (the numbers it shows, nothing else). */
export function handoutSvg(out: WhatIfOutput, data: { name: string; sha256: string; isBundled: boolean }): string {
  const p = out.inputs;
  const labels = [EDUCATIONAL_LABEL, ...(data.isBundled ? [SYNTHETIC_LABEL] : [])];
  const element = whatIfHandout(
    {
      title: 'What-if patient: predicted recovery',
      dataLine: `Models trained on ${data.name} (SHA-256 ${data.sha256.slice(0, 16)}…) — ${out.models.svm}; ${out.models.lstm}.`,
      inputs: [
        `${p.sex === 'M' ? 'Male' : 'Female'}, ${p.age} years; diabetes ${p.diabetes ? 'yes' : 'no'}; hypertension ${p.hypertension ? 'yes' : 'no'}; steroid started on day ${p.treatmentDay} (${out.delayed ? 'delayed' : 'within 7 days'}).`,
        `Visits: ${p.visits.map((v) => `day ${v.day} grade ${gradeLabel(v.grade)}`).join(', ')}.`,
      ],
      prediction: [
        `Chance of recovering to grade II or better: ${pct(out.probability)} (${intervalText(out.interval.low, out.interval.high)}).`,
        `Predicted grade at 3 months: ${predictedGrade(out.grade90)}; shaded: ${Math.round(out.band.level * 100)}% prediction band. Grey lines: the ${out.neighbours.length} most similar patients' actual courses.`,
        ...out.flags.map((f) => `Outside what the models learned from: ${f}`),
      ],
      method: [`Probability: ${out.probabilityMethod}.`, `Band: ${out.band.method}.`, `The classifier's outcome-visit timing (SAD4) is fixed at day ${out.followUpDay}.`],
      labels,
      course: out.course,
      visits: p.visits,
      neighbours: out.neighbours,
      level: out.band.level,
    },
    document,
  );
  return figureSvgText(element);
}

export async function downloadHandout(kind: 'svg' | 'png' | 'pdf', out: WhatIfOutput, data: { name: string; sha256: string; isBundled: boolean }) {
  const svg = handoutSvg(out, data);
  if (kind === 'svg') return downloadText(svg, 'what-if-handout.svg', 'image/svg+xml');
  const png = await svgToPngBlob(svg, 200);
  if (kind === 'png') return downloadBlob(png, 'what-if-handout.png');
  // PDF: one A4 page holding the rendered handout (jsPDF, loaded only when asked for).
  const { jsPDF } = await import('jspdf');
  const pdf = new jsPDF({ unit: 'mm', format: 'a4', orientation: 'portrait' });
  const bytes = new Uint8Array(await png.arrayBuffer());
  pdf.setProperties({ title: 'What-if patient handout', subject: EDUCATIONAL_LABEL });
  pdf.addImage(bytes, 'PNG', 0, 0, 210, 297);
  downloadBlob(pdf.output('blob'), 'what-if-handout.pdf');
}
