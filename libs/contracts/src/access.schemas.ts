import { uuid } from './ids';
import { z } from 'zod';
import { ACCESS_ACTIONS, APP_KEYS, ROLES } from './roles';
import { LineText } from './storable-text';

const pattern = LineText.trim()
  .min(1)
  .max(255)
  .regex(/^[^\s\\/"<>|,#]+$/, 'must not contain spaces or any of \\ / " < > | , #')
  // A zero-width space shows as nothing, and no index name an operator types holds one: the grant would list blank and match nothing.
  .refine((v) => !/\p{Default_Ignorable_Code_Point}/u.test(v), 'must not contain invisible characters (zero-width spaces, joiners)');

/** What a grant of none of read, write and create would say: nothing, listed as if it allowed something. */
export const GRANTS_NOTHING = 'a grant must allow at least one of can_read, can_write and can_create';

export const IndexAccessSchema = z.object({
  id: uuid(),
  user_id: uuid(),
  es_server_id: z.string().nullable(),
  index_pattern: z.string(),
  can_read: z.boolean(),
  can_write: z.boolean(),
  can_create: z.boolean(),
  created_by: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type IndexAccess = z.infer<typeof IndexAccessSchema>;
export const IndexAccessListSchema = z.array(IndexAccessSchema);

export const CreateIndexAccessSchema = z.strictObject({
  user_id: uuid(),
  es_server_id: uuid().nullable().default(null),
  index_pattern: pattern,
  can_read: z.boolean().default(true),
  can_write: z.boolean().default(false),
  can_create: z.boolean().default(false),
}).refine((g) => g.can_read || g.can_write || g.can_create, GRANTS_NOTHING);
export type CreateIndexAccess = z.infer<typeof CreateIndexAccessSchema>;

export const UpdateIndexAccessFieldsSchema = z.strictObject({
  es_server_id: uuid().nullable().optional(),
  index_pattern: pattern.optional(),
  can_read: z.boolean().optional(),
  can_write: z.boolean().optional(),
  can_create: z.boolean().optional(),
});
export const UpdateIndexAccessSchema = z.object({ id: uuid(), changes: UpdateIndexAccessFieldsSchema });
export type UpdateIndexAccess = z.infer<typeof UpdateIndexAccessSchema>;

export const IndexAccessIdSchema = z.object({ id: uuid() });
export const UserAccessQuerySchema = z.object({ user_id: uuid() });
export const TargetGrantsQuerySchema = z.object({ target_id: uuid() });

export const CheckAccessSchema = z.strictObject({
  index_name: z.string().trim().min(1).max(255),
  es_server_id: uuid().nullable().default(null),
  action: z.enum(ACCESS_ACTIONS),
});
export type CheckAccess = z.infer<typeof CheckAccessSchema>;

export const CheckAccessResultSchema = z.object({
  has_access: z.boolean(),
  role: z.enum(ROLES),
  action: z.enum(ACCESS_ACTIONS),
  index_name: z.string(),
  es_server_id: z.string().nullable(),
  reason: z.string(),
});
export type CheckAccessResult = z.infer<typeof CheckAccessResultSchema>;

export const AppPermissionSchema = z.object({
  user_id: uuid(),
  app_key: z.enum(APP_KEYS),
  granted_by: z.string().nullable(),
  created_at: z.string(),
});
export type AppPermission = z.infer<typeof AppPermissionSchema>;
export const AppPermissionListSchema = z.array(AppPermissionSchema);
export const AppPermissionKeySchema = z.strictObject({ user_id: uuid(), app_key: z.enum(APP_KEYS) });
// Strict: a misspelt "userid" would otherwise answer everyone's permissions as if it were this user's.
export const AppPermissionQuerySchema = z.strictObject({ user_id: uuid().optional() });

export const AppSchema = z.object({ key: z.enum(APP_KEYS), name: z.string(), path: z.string() });
export const AppListSchema = z.array(AppSchema);
export type App = z.infer<typeof AppSchema>;
