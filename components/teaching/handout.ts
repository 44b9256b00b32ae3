import { figureSvgText } from '@/lib/figures/compose-figure';
import { whatIfHandout } from '@/lib/figures/what-if-handout';
import type { WhatIfOutput } from '@/lib/cells/what-if-patient';
import { EDUCATIONAL_LABEL, SYNTHETIC_LABEL } from '@/lib/teaching/clinical-facts';
import { horizonText, outOf100 } from '@/lib/teaching/prognosis-what-if';
import { bandSentence, baseRateSentence, chanceSentence, intervalSentence, methodLines, patientLine, visitsLine } from '@/lib/teaching/what-if-text';
import { downloadBlob, downloadText, svgToPngBlob } from '@/components/notebook/download';
import { packageVersions } from '@/components/notebook/export-all';
import { pdfBytes } from '@/components/notebook/figure-export';

export interface HandoutData {
  name: string;
  sha256: string;
  isBundled: boolean;
}

/** The handout's SVG, from the what-if output (the numbers it shows, nothing else); `today` as YYYY-MM-DD. */
export function handoutSvg(out: WhatIfOutput, data: HandoutData, today: string): string {
  const r = out.result;
  if (r.kind !== 'predicted') throw new Error(chanceSentence(out));
  const labels = [EDUCATIONAL_LABEL, ...(data.isBundled ? [SYNTHETIC_LABEL] : [])];
  const element = whatIfHandout(
    {
      title: `What-if patient: chance of recovery ${horizonText(out.horizonDay)}`,
      dateLine: `Made on ${today} with the Facial Palsy Prognosis Workbench.`,
      dataLine: `Model fitted on ${data.name} (SHA-256 ${data.sha256.slice(0, 16)}…).`,
      inputs: [patientLine(out), visitsLine(out)],
      prediction: [chanceSentence(out), intervalSentence(out)!, baseRateSentence(out), ...r.prediction.flags.map((f) => `Outside the development data: ${f}.`)],
      method: [...methodLines(out), bandSentence(out)!],
      labels,
      course: r.prediction.course,
      visits: r.history.visits,
      horizonDay: out.horizonDay,
      level: out.bandCoverage.level,
      icons: { filled: outOf100(r.prediction.chance), filledLabel: `recover ${horizonText(out.horizonDay)}`, emptyLabel: 'do not (yet)', description: chanceSentence(out) },
    },
    document,
  );
  return figureSvgText(element);
}

export async function downloadHandout(kind: 'svg' | 'png' | 'pdf', out: WhatIfOutput, data: HandoutData) {
  const today = new Date().toISOString().slice(0, 10);
  const svg = handoutSvg(out, data, today);
  if (kind === 'svg') return downloadText(svg, 'what-if-handout.svg', 'image/svg+xml');
  if (kind === 'png') return downloadBlob(await svgToPngBlob(svg, 200), 'what-if-handout.png');
  // A vector PDF: the same drawing as the figure exports (PDFKit + svg-to-pdfkit), text as text.
  const bytes = await pdfBytes(svg, { figure: 'what-if-handout', notebook: 'teaching', dataSha256: data.sha256, parametersHash: 'none (the what-if inputs are printed on the page)', version: (await packageVersions()).workbench ?? 'unknown', title: `What-if patient handout (${today})`, caption: EDUCATIONAL_LABEL });
  downloadBlob(new Blob([bytes as BlobPart], { type: 'application/pdf' }), 'what-if-handout.pdf');
}
