'use client';
import { useContext, type ComponentType } from 'react';
import { guardViews } from '@/components/notebook/view-guard';
import { CodeCellView } from './CodeCellView';
import { DEFAULT_CODE, type CodeCellOutput } from '@/lib/cells/code-cell';
import { isCellKind, type CellKind } from '@/lib/cells';
import type { BaselineModelsOutput } from '@/lib/cells/baseline-models';
import type { GuessFirstOutput } from '@/lib/cells/guess-first';
import type { LoadedCohort } from '@/lib/cells/load-cohort';
import type { ModelCardOutput } from '@/lib/cells/model-card';
import type { SvmSplitOutput } from '@/lib/cells/svm-split';
import type { SvmOptimismOutput } from '@/lib/cells/svm-optimism';
import type { NaturalHistoryOutput } from '@/lib/cells/teaching-content';
import type { WhatIfOutput } from '@/lib/cells/what-if-patient';
import { ClinicalContextView } from '@/components/teaching/ClinicalContextView';
import { TeachingDataContext } from '@/components/teaching/data-context';
import { HbScaleView } from '@/components/teaching/HbScaleView';
import { ModelCardView } from '@/components/teaching/ModelCardView';
import { NaturalHistoryView } from '@/components/teaching/NaturalHistoryView';
import { QuizView } from '@/components/teaching/QuizView';
import { WhatIfView } from '@/components/teaching/WhatIfView';
import { LoadCohortView } from './LoadCohortView';
import type { SampleSizeOutput } from '@/lib/cells/sample-size';
import { SampleSizeView } from './SampleSizeView';
import type { LeakageAuditOutput } from '@/lib/cells/leakage-audit';
import type { LstmRegressionOutput } from '@/lib/cells/lstm-regression';
import { AuditView } from './AuditView';
import { LstmView } from './LstmView';
import { SplitView } from './SplitView';
import { WarningsView } from './WarningsView';
import { ExternalView, OpenModelView, PrognosisModelView } from '@/components/models/ModelFileViews';
import type { ExternalCellOutput } from '@/lib/cells/external-validation';
import type { TemporalValidationOutput } from '@/lib/cells/temporal-validation';
import { WindowValidationView } from '@/components/models/WindowValidationView';
import type { LoadedModel } from '@/lib/cells/load-model';
import type { PrognosisOutput } from '@/lib/cells/prognosis-model';

export interface CellViewProps {
  output: unknown;
  /** The cell's parameters as written in the document (for views that are also its inputs). */
  params: Record<string, unknown>;
  onParamsReplace: (params: Record<string, unknown>) => void;
  /** The shown output is older than the parameters (a re-run is pending or under way). */
  updating: boolean;
  /** The cell's id (the model-file downloads name their files by it). */
  cellId?: string;
  /** The cell's inputs as the document wires them (variable name → step id), for kinds with free inputs. */
  wiring?: Record<string, string>;
  /** The steps above it such a cell may read, and how to set its inputs (absent where it cannot be edited). */
  inputChoices?: readonly { id: string; title: string }[];
  onInputsReplace?: (inputs: Record<string, string>) => void;
}

function CodeStepView({ output, params, onParamsReplace, updating, cellId, wiring, inputChoices, onInputsReplace }: CellViewProps) {
  return (
    <CodeCellView
      cellId={cellId ?? 'code'}
      code={typeof params.code === 'string' ? params.code : DEFAULT_CODE}
      inputs={wiring ?? {}}
      available={inputChoices ?? []}
      output={output as CodeCellOutput | undefined}
      updating={updating}
      onCodeChange={(code) => onParamsReplace({ ...params, code })}
      onInputsChange={(inputs) => onInputsReplace?.(inputs)}
    />
  );
}

function WhatIfCellView(props: CellViewProps) {
  const data = useContext(TeachingDataContext);
  return <WhatIfView {...props} output={props.output as WhatIfOutput | undefined} data={data} />;
}

/**
 * Extra views for cell kinds whose output is more than figures and tables, keyed by `CellKind`
 * (a misspelt or removed kind fails the type check). Every kind also gets its artifacts
 * (figures, tables, exports) from CellFrame, and its "Download model" when its definition
 * declares a `windowModel`. Views of kinds with `paramsInView` (the what-if patient, the quiz,
 * the model file) are also their cells' inputs: they edit the parameters and are drawn before
 * there is an output. Each view is drawn inside its own error boundary (`guardViews`): a view
 * that throws on an output it does not expect shows a message in its cell only.
 */
const views = {
  'load-cohort': ({ output }) => <LoadCohortView output={output as LoadedCohort} />,
  'svm-split': ({ output }) => <SplitView output={output as SvmSplitOutput} />,
  'sample-size': ({ output }) => <SampleSizeView output={output as SampleSizeOutput} />,
  'svm-grid': WarningsView,
  'permutation-importance': WarningsView,
  'classification-eval': WarningsView,
  'baseline-models': ({ output }) => (
    <p className="cell-desc" data-testid="baselines-sentence">
      {(output as BaselineModelsOutput).sentence}
    </p>
  ),
  'svm-optimism': ({ output }) => (
    <p className="cell-desc" data-testid="optimism-sentence">
      {(output as SvmOptimismOutput).sentence}
    </p>
  ),
  'lstm-regression': ({ output }) => <LstmView output={output as LstmRegressionOutput} />,
  'lstm-report': WarningsView,
  'leakage-audit': ({ output }) => <AuditView output={output as LeakageAuditOutput} />,
  'hb-scale': () => <HbScaleView />,
  'natural-history': ({ output }) => <NaturalHistoryView output={output as NaturalHistoryOutput} />,
  'clinical-context': () => <ClinicalContextView />,
  'model-card': ({ output }) => <ModelCardView output={output as ModelCardOutput} />,
  'what-if-patient': WhatIfCellView,
  'guess-first': (props) => <QuizView {...props} output={props.output as GuessFirstOutput | undefined} />,
  'prognosis-model': ({ output }) => <PrognosisModelView output={output as PrognosisOutput} />,
  'load-model': (props) => <OpenModelView {...props} output={props.output as LoadedModel | undefined} />,
  'external-validation': ({ output }) => <ExternalView output={output as ExternalCellOutput} />,
  code: CodeStepView,
  'temporal-validation': ({ output }) => {
    const t = output as TemporalValidationOutput;
    return t.absent !== undefined ? (
      <p className="cell-meta" data-testid="temporal-validation">
        No temporal validation: {t.absent}.
      </p>
    ) : (
      <WindowValidationView output={t} base="temporal" testId="temporal-validation" />
    );
  },
} satisfies Partial<Record<CellKind, ComponentType<CellViewProps>>>;

export const cellViews: Partial<Record<CellKind, ComponentType<CellViewProps>>> = guardViews<CellViewProps>(views);

/** The extra view of a kind read from a notebook (undefined for an unknown kind or one without). */
export function cellViewOf(kind: string): ComponentType<CellViewProps> | undefined {
  return isCellKind(kind) ? cellViews[kind] : undefined;
}
