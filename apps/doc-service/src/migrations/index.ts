import { CreateDocSchema1764100002000 } from './1764100002000-create-docs-schema';
import { CreateDocuments1795800000000 } from './1795800000000-create-documents';
import { IndexUnfinishedDocuments1795810000000 } from './1795810000000-index-unfinished-documents';
import { FoldAccentsInSearch1795820000000 } from './1795820000000-fold-accents-in-search';
import { FoldLettersWithoutMarks1795830000000 } from './1795830000000-fold-letters-without-marks';
import { KeepModelAnswers1795840000000 } from './1795840000000-keep-model-answers';
import { ModelAnswersAsText1795850000000 } from './1795850000000-model-answers-as-text';
import { HoldTokenBudget1795860000000 } from './1795860000000-hold-token-budget';
import { FoldOnlyAccentedWords1795870000000 } from './1795870000000-fold-only-accented-words';
import { QueueBudgetWaiters1795880000000 } from './1795880000000-queue-budget-waiters';
import { RecordSearchLanguage1795890000000 } from './1795890000000-record-search-language';
import { FoldFinalSigmaInNames1795900000000 } from './1795900000000-fold-final-sigma-in-names';
import { SortNamesNaturally1795910000000 } from './1795910000000-sort-names-naturally';

/** In order; add new migrations at the end, never edit a merged one. */
export const DOC_MIGRATIONS = [
  CreateDocSchema1764100002000,
  CreateDocuments1795800000000,
  IndexUnfinishedDocuments1795810000000,
  FoldAccentsInSearch1795820000000,
  FoldLettersWithoutMarks1795830000000,
  KeepModelAnswers1795840000000,
  ModelAnswersAsText1795850000000,
  HoldTokenBudget1795860000000,
  FoldOnlyAccentedWords1795870000000,
  QueueBudgetWaiters1795880000000,
  RecordSearchLanguage1795890000000,
  FoldFinalSigmaInNames1795900000000,
  SortNamesNaturally1795910000000,
];
