import { z } from 'zod';
import { ListImportJobsSchema } from './import-jobs.schemas';
import { parseOrThrow } from './validation';

describe('parseOrThrow', () => {
  const refusal = (schema: z.ZodType, input: unknown) => {
    try {
      parseOrThrow(schema, input);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('accepted');
  };

  it("names each bad field in plain words, not zod's own", () => {
    const schema = z.strictObject({ username: z.string().min(3).max(8), email: z.email(), tags: z.array(z.string()).min(1), age: z.number().max(130), name: z.string().min(1) });
    expect(refusal(schema, { username: 'ab', email: 'jörg@', tags: [], age: 200, name: '' })).toBe(
      'Invalid body: username: must have at least 3 characters; email: is not an email address (like name@example.com); tags: must have at least 1 item; age: must be at most 130; name: must not be empty',
    );
    expect(refusal(schema, { username: 'a-long-name', email: 'a@b.pt', tags: ['x'], age: 1 })).toBe('Invalid body: username: must have at most 8 characters; name: is required');
  });

  it("keeps zod's words where they say more: a bound not included, an exact size", () => {
    expect(refusal(z.object({ n: z.number().int().positive() }), { n: 0 })).toMatch(/^Invalid body: n: Too small: expected number to be >0$/);
    expect(refusal(z.object({ code: z.string().length(4) }), { code: 'abc' })).toMatch(/^Invalid body: code: Too small: expected string to have exactly 4 characters$/);
  });

  it('keeps a message the schema gives itself', () => {
    expect(refusal(z.object({ password: z.string().min(10, 'must be at least 10 characters') }), { password: 'short' })).toBe('Invalid body: password: must be at least 10 characters');
  });

  it('tells a query number out of range its bound, and one that is no number how to write it', () => {
    expect(refusal(ListImportJobsSchema, { limit: '1000' })).toBe('Invalid body: limit: must be at most 200');
    expect(refusal(ListImportJobsSchema, { limit: '0x10' })).toBe('Invalid body: limit: must be a whole number written in digits');
    expect(parseOrThrow(ListImportJobsSchema, { limit: '20', offset: '1234567890' })).toEqual({ limit: 20, offset: 1234567890 });
  });
});
