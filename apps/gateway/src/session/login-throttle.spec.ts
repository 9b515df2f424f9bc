import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  let now = 0;
  const throttle = () => new LoginThrottle(3, 60_000, () => now);
  const refusal = (t: LoginThrottle, address: string) => {
    try {
      t.begin(address);
      return null;
    } catch (error) {
      return error as { code: string; message: string; details: { retry_after_seconds: number } };
    }
  };
  beforeEach(() => (now = 1_000_000));

  it('counts failed sign-ins, and those under way, per address; a success no more', () => {
    const t = throttle();
    for (let i = 0; i < 10; i++) t.release('office', t.begin('office'));
    // Three sent at once, none answered yet: the fourth waits.
    t.begin('burst');
    t.begin('burst');
    const third = t.begin('burst');
    expect(refusal(t, 'burst')).toMatchObject({ code: 'RATE_LIMITED', details: { retry_after_seconds: 60 } });
    t.release('burst', third);
    expect(refusal(t, 'burst')).toBeNull();
    expect(refusal(t, 'elsewhere')).toBeNull();
  });

  it('lets an address try again once its oldest failure leaves the window, and says when', () => {
    const t = throttle();
    t.begin('guesser');
    now += 20_000;
    t.begin('guesser');
    t.begin('guesser');
    now += 10_000;
    expect(refusal(t, 'guesser')?.message).toBe('Too many failed sign-ins from this address; try again in 30 s');
    now += 30_001;
    expect(refusal(t, 'guesser')).toBeNull();
  });
});
