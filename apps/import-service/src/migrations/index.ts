import { CreateImportSchema1764100001000 } from './1764100001000-create-imports-schema';
import { CreateTargets1795651900000 } from './1795651900000-create-targets';
import { CreateImportJobs1795660000000 } from './1795660000000-create-import-jobs';
import { CreateNocoBaseWriteJournal1795700000000 } from './1795700000000-create-nocobase-write-journal';
import { CreateJobBatches1795710000000 } from './1795710000000-create-job-batches';
import { CreateJobInserts1795720000000 } from './1795720000000-create-job-inserts';
import { CreateJobLinks1795730000000 } from './1795730000000-create-job-links';
import { KeepStatusBeforeRollback1795740000000 } from './1795740000000-keep-status-before-rollback';
import { RecordJobActor1795750000000 } from './1795750000000-record-job-actor';
import { JournalUnchangedRecords1795760000000 } from './1795760000000-journal-unchanged-records';
import { RecordBatchWriteTime1795770000000 } from './1795770000000-record-batch-write-time';
import { CountUnfinishedAnalyses1795780000000 } from './1795780000000-count-unfinished-analyses';
import { IndexJobsByFile1795790000000 } from './1795790000000-index-jobs-by-file';

/** In order; add new migrations at the end, never edit a merged one. */
export const IMPORT_MIGRATIONS = [
  CreateImportSchema1764100001000,
  CreateTargets1795651900000,
  CreateImportJobs1795660000000,
  CreateNocoBaseWriteJournal1795700000000,
  CreateJobBatches1795710000000,
  CreateJobInserts1795720000000,
  CreateJobLinks1795730000000,
  KeepStatusBeforeRollback1795740000000,
  RecordJobActor1795750000000,
  JournalUnchangedRecords1795760000000,
  RecordBatchWriteTime1795770000000,
  CountUnfinishedAnalyses1795780000000,
  IndexJobsByFile1795790000000,
];
