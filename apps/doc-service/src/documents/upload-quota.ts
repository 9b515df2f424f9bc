/** What one user may keep: documents and bytes, the duplicates of a file they have counting nothing. */
export interface Quota {
  maxDocuments: number;
  maxBytes: number;
}

export interface Usage {
  documents: number;
  bytes: number;
}

/**
 * Splits an upload's files, in order, into those that fit what the owner keeps (`usage`) under the
 * quota and those that do not. A file the owner has already (by SHA-256, or earlier in this upload)
 * fits: it adds nothing, and the insert reports it as a duplicate.
 */
export function withinQuota<T extends { sha256: string; size: number }>(files: T[], usage: Usage, known: Set<string>, quota: Quota): { fit: T[]; over: T[]; usage: Usage } {
  const seen = new Set(known);
  const fit: T[] = [];
  const over: T[] = [];
  let { documents, bytes } = usage;
  for (const file of files) {
    if (seen.has(file.sha256)) {
      fit.push(file);
    } else if (documents + 1 > quota.maxDocuments || bytes + file.size > quota.maxBytes) {
      over.push(file);
    } else {
      seen.add(file.sha256);
      documents += 1;
      bytes += file.size;
      fit.push(file);
    }
  }
  return { fit, over, usage: { documents, bytes } };
}

/** Why a file was not kept, with what the owner keeps against the quota. */
export function overQuotaMessage(usage: Usage, quota: Quota): string {
  const mb = (bytes: number) => (bytes >= 1024 ** 3 ? `${Number((bytes / 1024 ** 3).toFixed(1))} GB` : `${Number((bytes / 1024 ** 2).toFixed(1))} MB`);
  return (
    `Not stored: your documents would pass what one user may keep (${quota.maxDocuments.toLocaleString('en')} documents, ${mb(quota.maxBytes)}; ` +
    `you keep ${usage.documents.toLocaleString('en')}, ${mb(usage.bytes)}). Delete documents you no longer need, or ask an administrator`
  );
}
