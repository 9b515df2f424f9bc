import { Injectable } from '@nestjs/common';
import { AppError, type Caller, type CollectionDescription, type CollectionSummary, type TargetTestResult } from '@intake/contracts';
import { canLookUp, collectionAccess } from '../targets/target-access';
import type { TargetEntity } from '../targets/target.entity';
import { TargetsService } from '../targets/targets.service';
import { CollectionReader } from './collection-reader';
import { ConnectionTester } from './connection-tester';

/** A NocoBase target's collections, as far as the caller may see them. */
@Injectable()
export class NocoBaseService {
  constructor(
    private readonly targets: TargetsService,
    private readonly reader: CollectionReader,
    private readonly tester: ConnectionTester,
  ) {}

  async test(caller: Caller, targetId: string): Promise<TargetTestResult> {
    const { target } = await this.targets.requireVisible(caller, targetId);
    try {
      return await this.tester.test(this.targets.nocoBaseConnection(target));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return { ok: false, server_version: null, collections: null, message: error.message, warnings: [], elapsed_ms: 0 };
    }
  }

  /** Admins and power users see every collection; operators and readers those their grants match, operators writing where one allows it. */
  async list(caller: Caller, targetId: string): Promise<CollectionSummary[]> {
    const { target, grants } = await this.targets.requireVisible(caller, targetId);
    return this.reader.summaries(this.targets.nocoBaseConnection(target), (name) => collectionAccess(caller, target.id, grants, name));
  }

  /** A collection the caller has no grant for answers the same 404 as one that does not exist. */
  async describe(caller: Caller, targetId: string, name: string): Promise<CollectionDescription> {
    const { target, grants } = await this.targets.requireVisible(caller, targetId);
    const access = collectionAccess(caller, target.id, grants, name);
    return this.describeOn(target, name, access !== null, access === 'write', ', or you have no grant for it');
  }

  /**
   * A collection a relation column looks its values up in: a grant to read it is enough. Without
   * one it answers the same 404 as a collection that does not exist (its values would show in
   * the preview's suggestions).
   */
  async describeLinked(caller: Caller, targetId: string, name: string): Promise<CollectionDescription> {
    const { target, grants } = await this.targets.requireVisible(caller, targetId);
    return this.describeOn(target, name, canLookUp(caller, target.id, grants, name), collectionAccess(caller, target.id, grants, name) === 'write', ', or you have no grant to read it');
  }

  /**
   * For what NocoBase itself does around records a rollback deletes (clearing the keys of other
   * collections' records that point at them): no grant is asked, as NocoBase asks none when a record
   * is destroyed, and nothing of it reaches the caller but a count.
   */
  describeAround(target: TargetEntity, name: string): Promise<CollectionDescription> {
    return this.describeOn(target, name, true, false, '');
  }

  /** The description when `allowed`, else (or when there is no such collection) a 404 that ends with `orNoGrant`. */
  private async describeOn(target: TargetEntity, name: string, allowed: boolean, canWrite: boolean, orNoGrant: string): Promise<CollectionDescription> {
    const description = allowed ? await this.reader.describe(this.targets.nocoBaseConnection(target), name, canWrite) : null;
    if (!description) throw new AppError('COLLECTION_NOT_FOUND', `Collection ${name} does not exist on ${target.name}${orNoGrant}`);
    return description;
  }
}
