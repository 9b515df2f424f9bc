/**
 * A practical email check: one @, no spaces, a dotted domain, at most 254 characters. Deliverability
 * is not this library's business; catching "name at company" or a phone number in an email column is.
 */
const EMAIL = /^[^\s@"(),:;<>[\]\\]+@[^\s@"(),:;<>[\]\\]+\.[^\s@"(),:;<>[\]\\.]{2,}$/;

export function isEmail(text: string): boolean {
  return text.length <= 254 && text.includes('@') && EMAIL.test(text) && !text.includes('..');
}
