import { uuid } from './ids';
import { z } from 'zod';
import { ROLES } from './roles';
import { showsSomething } from './names';
import { LineText } from './storable-text';

export const UsernameSchema = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, dot, dash or underscore');
const username = UsernameSchema;
// Half a surrogate pair would be hashed as U+FFFD: every other lone half would then sign in too.
export const PasswordSchema = z.string().min(10, 'must be at least 10 characters').max(256).refine((v) => v.isWellFormed(), 'must be valid Unicode (it holds half of a surrogate pair)');
const fullName = LineText.trim().min(1).max(200).refine(showsSomething, 'must have a letter, digit or sign to show');
const serverId = uuid().nullable();
/** An address mail can be sent to: zod's check takes a local part over 64 characters or a domain label over 63, which no server accepts (RFC 5321). */
const email = z
  .email()
  .max(254)
  .refine((v) => v.slice(0, v.lastIndexOf('@')).length <= 64, 'the part before @ may have at most 64 characters')
  .refine((v) => v.slice(v.lastIndexOf('@') + 1).split('.').every((label) => label.length <= 63), 'each part of the domain may have at most 63 characters');

export const UserSchema = z.object({
  id: uuid(),
  username: z.string(),
  email: z.string(),
  full_name: z.string(),
  role: z.enum(ROLES),
  is_active: z.boolean(),
  assigned_es_server_id: z.string().nullable(),
  /** The password was chosen by someone else (generated at setup, or set by an admin): its owner is asked to change it. */
  // A default, so a service of the release before (without it) still answers in this contract during a rolling update.
  password_change_due: z.boolean().default(false),
  last_login_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type User = z.infer<typeof UserSchema>;

const currentPassword = z.string().max(256).optional().describe("Your own password, asked again before a change a borrowed session must not make alone");

export const CreateUserSchema = z.strictObject({
  username,
  email,
  full_name: fullName,
  password: PasswordSchema,
  role: z.enum(ROLES).default('reader'),
  is_active: z.boolean().default(true),
  assigned_es_server_id: serverId.default(null),
  /** The acting admin's own password: making an admin needs it, so a session left open is not enough. */
  current_password: currentPassword,
});
export type CreateUser = z.infer<typeof CreateUserSchema>;

export const UpdateUserFieldsSchema = z.strictObject({
  username: username.optional(),
  email: email.optional(),
  full_name: fullName.optional(),
  password: PasswordSchema.optional(),
  role: z.enum(ROLES).optional(),
  is_active: z.boolean().optional(),
  assigned_es_server_id: serverId.optional(),
  /** true: every session of the account ends now (a lost laptop, a shared computer); the password stays. */
  end_sessions: z.literal(true, { error: 'must be true, or left out' }).optional(),
  /**
   * The acting admin's own password: needed to change one's own username or email (as on the profile),
   * to make someone an admin, and to change another admin's account.
   */
  current_password: currentPassword,
});
export type UpdateUserFields = z.infer<typeof UpdateUserFieldsSchema>;

export const UserIdSchema = z.object({ id: uuid() });
/** DELETE /api/users/:id body (optional): deleting an admin needs the acting admin's own password. */
export const DeleteUserBodySchema = z.strictObject({ current_password: currentPassword });
export type DeleteUserBody = z.infer<typeof DeleteUserBodySchema>;
export const DeleteUserSchema = UserIdSchema.extend(DeleteUserBodySchema.shape);
/** Ids to ask about: which of them were users, deleted since. */
export const DeletedUsersQuerySchema = z.strictObject({ ids: z.array(uuid()).min(1).max(1000) });
export const DeletedUsersSchema = z.object({ deleted: z.array(uuid()) });
export const UpdateUserSchema = z.object({ id: uuid(), changes: UpdateUserFieldsSchema });
export const UserListSchema = z.array(UserSchema);

export const ProfileSchema = UserSchema.extend({
  phone: z.string().nullable(),
  job_title: z.string().nullable(),
  department: z.string().nullable(),
  locale: z.string().nullable(),
  timezone: z.string().nullable(),
});
export type Profile = z.infer<typeof ProfileSchema>;

const isTimeZone = (zone: string): boolean => {
  try {
    return Boolean(new Intl.DateTimeFormat('en', { timeZone: zone }));
  } catch {
    return false;
  }
};

const isLanguageTag = (tag: string): boolean => {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
};

/** A personal detail; left empty it is none (null), not an empty text. */
const optionalText = (max: number) =>
  LineText.trim()
    .max(max)
    .transform((v) => v || null)
    .nullable()
    .optional();

export const UpdateProfileSchema = z
  .strictObject({
    full_name: fullName.optional(),
    email: email.optional(),
    phone: optionalText(40),
    job_title: optionalText(120),
    department: optionalText(120),
    locale: optionalText(20).refine((v) => !v || isLanguageTag(v), 'must be a language tag such as pt-PT'),
    timezone: optionalText(64).refine((v) => !v || isTimeZone(v), 'must be a time zone such as Europe/Lisbon or UTC'),
    current_password: z.string().max(256).optional(),
    new_password: PasswordSchema.optional(),
  })
  .refine((p) => !p.new_password || p.current_password, {
    message: 'current_password is required to set new_password',
    path: ['current_password'],
  });
export type UpdateProfile = z.infer<typeof UpdateProfileSchema>;
