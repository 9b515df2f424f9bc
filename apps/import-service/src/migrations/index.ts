import { CreateImportSchema1764100001000 } from './1764100001000-create-imports-schema';
import { CreateTargets1795651900000 } from './1795651900000-create-targets';
import { CreateImportJobs1795660000000 } from './1795660000000-create-import-jobs';

/** In order; add new migrations at the end, never edit a merged one. */
export const IMPORT_MIGRATIONS = [CreateImportSchema1764100001000, CreateTargets1795651900000, CreateImportJobs1795660000000];
