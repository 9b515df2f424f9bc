import { AppError } from '@intake/contracts';
import { PasswordStrength } from './password-strength';

describe('PasswordStrength', () => {
  const strength = new PasswordStrength();
  const maria = { username: 'maria.silva', email: 'maria.silva@example.test', fullName: 'Maria Silva' };
  const refusal = (password: string, field = 'password') => {
    try {
      strength.assertStrong(password, field, maria);
    } catch (error) {
      return error as AppError;
    }
    return null;
  };

  it.each(['1234567890', 'password123', 'qwertyuiop', 'Password2024!', 'P@ssw0rd!234', 'aaaaaaaaaaaa', 'maria.silva2024', 'mariasilva1234', '1'.repeat(256)])(
    'refuses %s, naming the field and saying why',
    (password) => {
      const error = refusal(password);
      expect(error).toBeInstanceOf(AppError);
      expect(error?.code).toBe('VALIDATION_FAILED');
      expect(error?.message).toMatch(/^password is too easy to guess: \S/);
      expect(error?.details).toEqual({ fields: [{ field: 'password', message: expect.stringMatching(/^is too easy to guess/) }] });
    },
  );

  it('says what makes it easy: a common password, the account name', () => {
    expect(refusal('password123')?.message).toMatch(/commonly used password/);
    expect(refusal('maria.silva2024')?.message).toMatch(/personal/);
    expect(refusal('1234567890', 'new_password')?.message).toMatch(/^new_password is too easy/);
  });

  it.each(['correct horse battery', 'a brand new password', 'Tr0ub4dor&3x', 'vK9#qL2!xZ7m', 'inverno chuvoso em Braga'])('accepts %s', (password) => {
    expect(refusal(password)).toBeNull();
  });

  it('judges a long password by its first 32 characters, quickly', () => {
    const started = process.hrtime.bigint();
    expect(refusal(`${'1'.repeat(40)}tail of strong words`)).not.toBeNull();
    expect(refusal(`correct horse battery staple ${'z'.repeat(200)}`)).toBeNull();
    // Not a timing goal: a bound two orders above what it takes, so the cap cannot silently go.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(5000);
  });
});
