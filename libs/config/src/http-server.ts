/**
 * How long one request may take from its first byte to its answer, on the gateway and on
 * doc-service behind it. Node's 5 minutes cut off an upload of many scans over a slow line (the
 * gateway lets a client's connection idle for 10 minutes); headers must still come within Node's 60 s.
 */
export const REQUEST_TIMEOUT_MS = 15 * 60_000;
