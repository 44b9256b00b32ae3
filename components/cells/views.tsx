'use client';
import type { ComponentType } from 'react';
import type { LoadedCohort } from '@/lib/cells/load-cohort';
import type { SvmSplitOutput } from '@/lib/cells/svm-split';
import { LoadCohortView } from './LoadCohortView';
import type { LeakageAuditOutput } from '@/lib/cells/leakage-audit';
import type { LstmRegressionOutput } from '@/lib/cells/lstm-regression';
import { AuditView } from './AuditView';
import { LstmView } from './LstmView';
import { SplitView } from './SplitView';
import { WarningsView } from './WarningsView';

/**
 * Extra views for cell kinds whose output is more than figures and tables. Every kind also gets
 * its artifacts (figures, tables, exports) from CellFrame.
 */
export const cellViews: Record<string, ComponentType<{ output: unknown }>> = {
  'load-cohort': ({ output }) => <LoadCohortView output={output as LoadedCohort} />,
  'svm-split': ({ output }) => <SplitView output={output as SvmSplitOutput} />,
  'svm-grid': WarningsView,
  'permutation-importance': WarningsView,
  'classification-eval': WarningsView,
  'lstm-regression': ({ output }) => <LstmView output={output as LstmRegressionOutput} />,
  'lstm-report': WarningsView,
  'leakage-audit': ({ output }) => <AuditView output={output as LeakageAuditOutput} />,
};
