import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CollectionDescriptionSchema, CollectionSummaryListSchema, uuid, StorableText } from '@intake/contracts';
import { RpcClient, type RpcCallOptions } from '@intake/messaging';
import { CallContext } from '../common/call-context';
import { RequireApp } from '@intake/messaging';
import { ApiContract, ZodPipe } from '@intake/auth';

const IdParam = new ZodPipe(uuid(), 'id');
const NameParam = new ZodPipe(StorableText.min(1).max(255), 'name');
/** Reading metadata of a large NocoBase takes a few queries against another database. */
const METADATA_TIMEOUT_MS = 30_000;

/** A NocoBase target's collections, as far as the caller's grants reach. */
@ApiTags('import-targets')
@ApiBearerAuth()
@RequireApp('imports')
@Controller('import-targets/:id/collections')
export class ImportTargetCollectionsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({
    summary: 'Collections: all for admin/power (writable), those a can_write grant matches for operators, those any grant matches for readers (read-only); 502/504 when the database cannot be used',
  })
  @ApiContract({ response: CollectionSummaryListSchema })
  list(@Param('id', IdParam) id: string, @CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('import.collections.list', { target_id: id }, { ...ctx, timeoutMs: METADATA_TIMEOUT_MS });
  }

  @Get(':name')
  @ApiOperation({ summary: 'Fields, keys, relations, tree and sort settings of one collection; 404 when missing or not granted' })
  @ApiContract({ response: CollectionDescriptionSchema })
  describe(@Param('id', IdParam) id: string, @Param('name', NameParam) name: string, @CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('import.collections.describe', { target_id: id, name }, { ...ctx, timeoutMs: METADATA_TIMEOUT_MS });
  }
}
