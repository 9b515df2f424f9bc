import { Injectable } from '@nestjs/common';
import { AppError } from '@intake/contracts';
import { RpcClient, type RpcCallOptions } from '@intake/messaging';

/**
 * Grants and a user's pinned target name an import target by id, and are kept by auth-service,
 * which does not know the targets (import-service does): the gateway makes sure the target exists
 * before either is saved, so a mistyped id is refused instead of kept as a grant that does nothing.
 */
@Injectable()
export class ExistingTarget {
  constructor(private readonly rpc: RpcClient) {}

  async require(field: string, id: string | null | undefined, ctx: RpcCallOptions): Promise<void> {
    if (!id) return;
    try {
      await this.rpc.request('import.targets.get', { id }, ctx);
    } catch (error) {
      if (error instanceof AppError && error.code === 'TARGET_NOT_FOUND') throw new AppError('VALIDATION_FAILED', `${field}: no import target has the id ${id}`);
      throw error;
    }
  }
}
