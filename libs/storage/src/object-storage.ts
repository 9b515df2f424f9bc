import type { Readable } from 'node:stream';

export interface PutObjectOptions {
  /** Length of a streamed body when the caller knows it (e.g. Content-Length); checked while streaming. */
  size?: number;
  contentType?: string;
  /** Refuse bodies larger than this many bytes with ObjectTooLargeError; nothing is kept. */
  maxBytes?: number;
}

export interface StoredObject {
  key: string;
  size: number;
  /** Hex SHA-256 of the stored bytes, computed while they streamed through. */
  sha256: string;
}

export interface ObjectStat {
  size: number;
  lastModified: Date;
}

/**
 * Where uploads, originals and result files live (ARCHITECTURE.md §4). Keys are "/"-separated
 * (see safeObjectKey); every method rejects an invalid key with InvalidObjectKeyError. Bodies are
 * streamed, never held whole in memory by the port itself.
 */
export interface ObjectStorage {
  /** Creates what the backend needs (root folder, bucket); safe to call more than once. */
  init(): Promise<void>;
  /** Stores `body` under `key`, replacing any object there only once the new one is complete. */
  put(key: string, body: Readable | Buffer, options?: PutObjectOptions): Promise<StoredObject>;
  /** Streams the object's bytes; throws ObjectNotFoundError when there is none. */
  get(key: string): Promise<Readable>;
  /**
   * Only where objects are files on this machine: the object's file, for a reader that opens it at
   * once instead of streaming a copy; throws ObjectNotFoundError when there is none.
   */
  localPath?(key: string): Promise<string>;
  stat(key: string): Promise<ObjectStat | null>;
  exists(key: string): Promise<boolean>;
  /** Removes the object; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
  /** Removes every object whose key starts with `prefix` (a plain string prefix, as in S3). */
  deletePrefix(prefix: string): Promise<void>;
}
