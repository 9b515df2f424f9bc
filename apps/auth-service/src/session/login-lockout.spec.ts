import { waitWords } from './login-lockout';

describe('waitWords', () => {
  it('says a wait in seconds under a minute, and in whole minutes, rounded up, from one', () => {
    expect(waitWords(1)).toBe('1 s');
    expect(waitWords(59)).toBe('59 s');
    expect(waitWords(60)).toBe('1 minute');
    expect(waitWords(61)).toBe('2 minutes');
    expect(waitWords(893)).toBe('15 minutes');
  });
});
