import { z } from 'zod';
import {
  AppListSchema,
  AppPermissionKeySchema,
  AppPermissionListSchema,
  AppPermissionQuerySchema,
  AppPermissionSchema,
  CheckAccessResultSchema,
  CheckAccessSchema,
  CreateIndexAccessSchema,
  IndexAccessIdSchema,
  IndexAccessListSchema,
  IndexAccessSchema,
  UpdateIndexAccessSchema,
  UserAccessQuerySchema,
  TargetGrantsQuerySchema,
} from './access.schemas';
import { ServiceHealthSchema } from './health.schemas';
import {
  AdmitImportSchema,
  AdmittedImportSchema,
  CreateImportJobSchema,
  ImportFileRequestSchema,
  ImportFileSchema,
  ImportJobIdSchema,
  ImportJobListSchema,
  ImportJobSchema,
  ImportPreviewSchema,
  ListImportJobsSchema,
  ImportFailuresRequestSchema,
  ImportFailuresSchema,
  SameFileImportsSchema,
  SetImportPlanSchema,
} from './import-jobs.schemas';
import {
  CreateImportTargetSchema,
  ImportTargetIdSchema,
  ImportTargetListSchema,
  ImportTargetSchema,
  TargetTestResultSchema,
  UpdateImportTargetSchema,
} from './import-targets.schemas';
import {
  CollectionDescriptionSchema,
  CollectionSummaryListSchema,
  TargetCollectionQuerySchema,
  TargetCollectionsQuerySchema,
} from './nocobase.schemas';
import type { Role } from './roles';
import { JwksSchema, LoginResultSchema, LoginSchema, LogoutAllResultSchema, LogoutResultSchema, LogoutSchema, SessionUserSchema, VerifySessionSchema } from './session.schemas';
import {
  CreateUserSchema,
  DeletedUsersQuerySchema,
  DeletedUsersSchema,
  ProfileSchema,
  UpdateProfileSchema,
  UpdateUserSchema,
  DeleteUserSchema,
  UserIdSchema,
  UserListSchema,
  UserSchema,
} from './users.schemas';

interface ContractOptions {
  /** Subjects that need no caller: login, token checks, keys, health. */
  public?: boolean;
  /** Roles allowed to call; absent means any signed-in caller (the service checks ownership). */
  roles?: readonly Role[];
}

function contract<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res, options: ContractOptions = {}) {
  return { request, response, ...options };
}

const empty = z.object({}).strict();
const adminOnly = { roles: ['admin'] } as const;

/** Every request/reply subject, with the one schema each side validates against. */
export const CONTRACTS = {
  'auth.session.login': contract(LoginSchema.extend({ ip: z.string().max(64).nullable() }), LoginResultSchema, { public: true }),
  'auth.session.verify': contract(VerifySessionSchema, SessionUserSchema, { public: true }),
  /** Ends the session of the caller's own token (auth-service refuses anyone else's). */
  'auth.session.logout': contract(LogoutSchema, LogoutResultSchema),
  /** Ends every session of the caller's account, the caller's own included. */
  'auth.session.logoutAll': contract(empty, LogoutAllResultSchema),
  'auth.keys.jwks': contract(empty, JwksSchema, { public: true }),
  'auth.health.check': contract(empty, ServiceHealthSchema, { public: true }),

  'auth.users.list': contract(empty, UserListSchema, adminOnly),
  'auth.users.get': contract(UserIdSchema, UserSchema),
  'auth.users.create': contract(CreateUserSchema, UserSchema, adminOnly),
  'auth.users.update': contract(UpdateUserSchema, UserSchema, adminOnly),
  'auth.users.delete': contract(DeleteUserSchema, z.object({ deleted: z.literal(true) }), adminOnly),
  /** For services erasing what deleted users left; says only which of the given ids were deleted. */
  'auth.users.deleted': contract(DeletedUsersQuerySchema, DeletedUsersSchema, { public: true }),

  'auth.profile.get': contract(empty, ProfileSchema),
  'auth.profile.update': contract(UpdateProfileSchema, ProfileSchema),

  'auth.apps.list': contract(empty, AppListSchema),
  'auth.app_permissions.list': contract(AppPermissionQuerySchema, AppPermissionListSchema, adminOnly),
  'auth.app_permissions.grant': contract(AppPermissionKeySchema, AppPermissionSchema, adminOnly),
  'auth.app_permissions.revoke': contract(AppPermissionKeySchema, z.object({ revoked: z.literal(true) }), adminOnly),

  'auth.grants.create': contract(CreateIndexAccessSchema, IndexAccessSchema, adminOnly),
  'auth.grants.list_for_user': contract(UserAccessQuerySchema, IndexAccessListSchema),
  'auth.grants.list_mine': contract(empty, IndexAccessListSchema),
  /** The caller's grants as they apply: a pinned operator's or reader's only on its one target. */
  'auth.grants.effective': contract(empty, IndexAccessListSchema),
  'auth.grants.update': contract(UpdateIndexAccessSchema, IndexAccessSchema, adminOnly),
  'auth.grants.delete': contract(IndexAccessIdSchema, z.object({ deleted: z.literal(true) }), adminOnly),
  'auth.grants.check': contract(CheckAccessSchema, CheckAccessResultSchema),
  /** A target is being deleted: its grants go first, so none is left pointing at nothing. */
  'auth.grants.delete_for_target': contract(TargetGrantsQuerySchema, z.object({ deleted: z.number().int() }), adminOnly),

  'import.jobs.admit': contract(AdmitImportSchema, AdmittedImportSchema),
  'import.jobs.create': contract(CreateImportJobSchema, ImportJobSchema),
  'import.jobs.list': contract(ListImportJobsSchema, ImportJobListSchema),
  'import.jobs.get': contract(ImportJobIdSchema, ImportJobSchema),
  'import.jobs.preview': contract(ImportJobIdSchema, ImportPreviewSchema),
  'import.jobs.plan': contract(SetImportPlanSchema, ImportJobSchema),
  'import.jobs.start': contract(ImportJobIdSchema, ImportJobSchema),
  'import.jobs.check': contract(ImportJobIdSchema, ImportJobSchema),
  'import.jobs.failures': contract(ImportFailuresRequestSchema, ImportFailuresSchema),
  'import.jobs.same-file': contract(ImportJobIdSchema, SameFileImportsSchema),
  'import.jobs.cancel': contract(ImportJobIdSchema, ImportJobSchema),
  'import.jobs.rollback': contract(ImportJobIdSchema, ImportJobSchema),
  'import.jobs.file': contract(ImportFileRequestSchema, ImportFileSchema),
  /** The job, its journal and every file it stored; never the rows it wrote to the target (a rollback undoes those). */
  'import.jobs.delete': contract(ImportJobIdSchema, z.object({ deleted: z.literal(true) })),
  'import.health.check': contract(empty, ServiceHealthSchema, { public: true }),

  // Targets: admins manage them; everyone else sees those they hold a grant on (import-service decides).
  'import.targets.list': contract(empty, ImportTargetListSchema),
  'import.targets.get': contract(ImportTargetIdSchema, ImportTargetSchema),
  'import.targets.create': contract(CreateImportTargetSchema, ImportTargetSchema, adminOnly),
  'import.targets.update': contract(UpdateImportTargetSchema, ImportTargetSchema, adminOnly),
  'import.targets.delete': contract(ImportTargetIdSchema, z.object({ deleted: z.literal(true) }), adminOnly),
  'import.targets.test': contract(ImportTargetIdSchema, TargetTestResultSchema),
  'import.collections.list': contract(TargetCollectionsQuerySchema, CollectionSummaryListSchema),
  'import.collections.describe': contract(TargetCollectionQuerySchema, CollectionDescriptionSchema),

  'doc.health.check': contract(empty, ServiceHealthSchema, { public: true }),
} as const;

export type Subject = keyof typeof CONTRACTS;
/** What a caller passes: the schema's input (defaults not yet applied). */
export type RequestOf<S extends Subject> = z.input<(typeof CONTRACTS)[S]['request']>;
/** What a handler receives: the parsed, defaulted request. */
export type ParsedRequestOf<S extends Subject> = z.output<(typeof CONTRACTS)[S]['request']>;
export type ResponseOf<S extends Subject> = z.output<(typeof CONTRACTS)[S]['response']>;

/** The service that answers a subject: its first segment. */
export function serviceOf(subject: Subject): string {
  return subject.slice(0, subject.indexOf('.'));
}
