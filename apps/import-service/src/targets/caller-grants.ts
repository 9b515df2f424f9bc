import { Injectable } from '@nestjs/common';
import type { Caller } from '@intake/contracts';
import { RpcClient } from '@intake/messaging';
import { isUnrestricted, type TargetGrant } from './target-access';

/**
 * The caller's grants as they apply (a pinned operator's only on its target), asked of auth-service
 * (which owns them and the pin) on every request, so changes apply at once.
 */
@Injectable()
export class CallerGrants {
  constructor(private readonly rpc: RpcClient) {}

  async of(caller: Caller): Promise<TargetGrant[]> {
    if (isUnrestricted(caller)) return [];
    return this.rpc.request('auth.grants.effective', {}, { caller });
  }

  async dropFor(caller: Caller, targetId: string): Promise<void> {
    await this.rpc.request('auth.grants.delete_for_target', { target_id: targetId }, { caller });
  }
}
