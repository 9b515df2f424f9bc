import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiContract, Roles } from '@intake/auth';
import { type CreateImportTarget, CreateImportTargetSchema, ImportTargetListSchema, ImportTargetSchema, TargetTestResultSchema, type UpdateImportTargetFields, UpdateImportTargetFieldsSchema, uuid } from '@intake/contracts';
import { RpcClient, type RpcCallOptions } from '@intake/messaging';
import { CallContext } from '../common/call-context';
import { RequireApp } from '@intake/messaging';
import { ZodPipe } from '@intake/auth';

const IdParam = new ZodPipe(uuid(), 'id');
/** A connection test may spend 3 s connecting and a few seconds querying; more than RPC_TIMEOUT_MS allows. */
const TEST_TIMEOUT_MS = 15_000;

/** Where imports write: NocoBase databases (Elasticsearch servers later). Admins manage; others see what they hold grants on. */
@ApiTags('import-targets')
@ApiBearerAuth()
@RequireApp('imports')
@Controller('import-targets')
export class ImportTargetsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'Targets the caller may see: all for admin/power, those their grants name (or all, for a grant on every target) for others' })
  @ApiContract({ response: ImportTargetListSchema })
  list(@CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('import.targets.list', {}, ctx);
  }

  @Roles('admin')
  @Post()
  @ApiOperation({ summary: 'Create a target; the password is stored encrypted and always read back masked' })
  @ApiContract({ body: CreateImportTargetSchema, response: ImportTargetSchema, status: 201 })
  create(@Body(new ZodPipe(CreateImportTargetSchema)) body: CreateImportTarget, @CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('import.targets.create', body, ctx);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One target; 404 when it does not exist or the caller may not see it' })
  @ApiContract({ response: ImportTargetSchema })
  get(@Param('id', IdParam) id: string, @CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('import.targets.get', { id }, ctx);
  }

  @Roles('admin')
  @Patch(':id')
  @ApiOperation({ summary: 'Change a target; a missing or masked (••••…) password keeps the stored one, null or "" clears it' })
  @ApiContract({ body: UpdateImportTargetFieldsSchema, response: ImportTargetSchema })
  update(@Param('id', IdParam) id: string, @Body(new ZodPipe(UpdateImportTargetFieldsSchema)) changes: UpdateImportTargetFields, @CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('import.targets.update', { id, changes }, ctx);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  async delete(@Param('id', IdParam) id: string, @CallContext() ctx: RpcCallOptions): Promise<void> {
    await this.rpc.request('import.targets.delete', { id }, ctx);
  }

  @Post(':id/test')
  @HttpCode(200)
  @ApiOperation({ summary: 'Connect with a short timeout and count NocoBase collections; an unusable target answers ok: false with the reason' })
  @ApiContract({ response: TargetTestResultSchema })
  test(@Param('id', IdParam) id: string, @CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('import.targets.test', { id }, { ...ctx, timeoutMs: TEST_TIMEOUT_MS });
  }
}
