/** "1.5 MB", "2,048 MB": the unit of the IMPORT_MAX_STORED_MB_PER_USER setting, so the cap reads as configured. */
function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${mb.toLocaleString('en-US', { maximumFractionDigits: mb < 10 ? 1 : 0 })} MB`;
}

/**
 * Why an upload is refused when its owner's imports keep too much: said alike by the gateway (which
 * stops storing the file as it passes the cap) and by import-service (which counts again when the
 * job is made), so a user reads one sentence whichever refused it.
 */
export function importStorageFullMessage(storedBytes: number, maxStoredBytes: number): string {
  return (
    `Your imports keep ${megabytes(storedBytes)} of uploaded files and this file would take them past the ${megabytes(maxStoredBytes)} you may keep; ` +
    'delete imports you no longer need (their files go with them), then upload it again'
  );
}
