import { CreateUserSchema, UpdateProfileSchema } from './users.schemas';

describe('user e-mail addresses', () => {
  const user = (email: string) => CreateUserSchema.safeParse({ username: 'maria', email, full_name: 'Maria', password: 'correct horse battery' });
  const problem = (email: string) => {
    const parsed = user(email);
    return parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  };

  it('takes an address mail can be sent to, at the limits', () => {
    expect(problem(`${'a'.repeat(64)}@${'b'.repeat(63)}.example.test`)).toBeNull();
  });

  it('refuses a local part over 64 characters or a domain label over 63, naming which', () => {
    expect(problem(`${'a'.repeat(65)}@example.test`)).toBe('email: the part before @ may have at most 64 characters');
    expect(problem(`maria@${'b'.repeat(64)}.example.test`)).toBe('email: each part of the domain may have at most 63 characters');
    expect(UpdateProfileSchema.safeParse({ email: `${'a'.repeat(65)}@example.test` }).success).toBe(false);
  });
});
