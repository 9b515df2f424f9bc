import { CreateDocSchema1764100002000 } from './1764100002000-create-docs-schema';
import { CreateDocuments1795800000000 } from './1795800000000-create-documents';

/** In order; add new migrations at the end, never edit a merged one. */
export const DOC_MIGRATIONS = [CreateDocSchema1764100002000, CreateDocuments1795800000000];
