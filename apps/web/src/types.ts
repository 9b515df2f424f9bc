import type { DocStatusEvent, DocumentStatus } from '@intake/contracts';

/** The shapes the gateway answers with, as far as the pages use them. */
export type Role = 'admin' | 'power' | 'operator' | 'reader';
export type { DocumentStatus };

export interface User {
  id: string;
  username: string;
  full_name: string;
  role: Role;
  /** The password was chosen by someone else: every page asks its owner to choose their own. */
  password_change_due: boolean;
}

export interface AppEntry {
  key: 'imports' | 'documents' | 'admin';
  name: string;
  path: string;
}

// Documents and categories: the schemas doc-service's routes are described with.
export type { Category, DocumentDetail, DocumentLimits, DocumentPage, ReprocessOutcome, DocumentView as DocumentItem, ExtractedField, FieldView, UploadOutcome } from '@intake/contracts';

/** A status event as the documents stream sends it (without the owner, whom the stream already is). */
export type StatusEvent = Omit<DocStatusEvent, 'owner_id'>;

// The AI settings as GET /api/settings answers them (the key masked), the call log and the suggestions.
export type { AiSettings, AiUsage, ConnectionTest, KeptKey, MatchRule, Suggestion } from '@intake/contracts';

// Users and their apps, as the admin's users page reads and changes them.
export type { AppKey, AppPermission, Profile, User as UserAccount } from '@intake/contracts';

// Imports: jobs, their preview and plan, the targets and collections they write to.
export type { CollectionDescription, CollectionField, CollectionSummary, ImportJob, ImportJobStatus, ImportFailures, ImportJobSummary, ImportLimits, ImportPlan, ImportPreview, ImportProgress, ImportProgressEvent, ImportTarget, IndexAccess, SameFileImports, TargetTestResult } from '@intake/contracts';
