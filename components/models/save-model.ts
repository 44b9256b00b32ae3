import type { WindowModelFile } from '@/lib/models/model-file';
import type { PrognosisModel } from '@/lib/prognosis';
import { downloadText } from '@/components/notebook/download';
import { packageVersions } from '@/components/notebook/export-all';

/** A model file as the CLI writes it: the model, when it was saved and by which workbench. */
export async function saveModel(model: PrognosisModel | WindowModelFile, fileName: string) {
  const workbench = (await packageVersions()).workbench ?? 'unknown';
  downloadText(`${JSON.stringify({ ...model, createdAt: new Date().toISOString(), workbench }, null, 2)}\n`, fileName, 'application/json');
}

