import { overQuotaMessage, withinQuota } from './upload-quota';

describe('withinQuota', () => {
  const file = (sha256: string, size: number) => ({ sha256, size });
  const quota = { maxDocuments: 3, maxBytes: 1000 };

  it('keeps files in order while they fit, by count and by bytes', () => {
    const { fit, over, usage } = withinQuota([file('a', 400), file('b', 500), file('c', 200), file('d', 50)], { documents: 0, bytes: 0 }, new Set(), quota);
    expect(fit.map((f) => f.sha256)).toEqual(['a', 'b', 'd']);
    expect(over.map((f) => f.sha256)).toEqual(['c']);
    expect(usage).toEqual({ documents: 3, bytes: 950 });
    expect(withinQuota([file('e', 1)], usage, new Set(), quota).over).toHaveLength(1);
  });

  it('lets a file the owner has, or one twice in the upload, through without counting it', () => {
    const { fit, usage } = withinQuota([file('a', 900), file('a', 900), file('old', 900)], { documents: 2, bytes: 0 }, new Set(['old']), quota);
    expect(fit).toHaveLength(3);
    expect(usage).toEqual({ documents: 3, bytes: 900 });
  });

  it('says what the owner keeps against the quota', () => {
    expect(overQuotaMessage({ documents: 1234, bytes: 5 * 1024 * 1024 }, { maxDocuments: 100_000, maxBytes: 10 * 1024 * 1024 * 1024 })).toBe(
      'Not stored: your documents would pass what one user may keep (100,000 documents, 10 GB; you keep 1,234, 5 MB). Delete documents you no longer need, or ask an administrator',
    );
  });
});
