/** What a user is told of a document whose original is gone from storage (download or re-process). */
export const missingFileReason = (fileName: string) => `The file of ${fileName} is missing from storage; an administrator must restore it from a backup`;
