import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiContract, Roles } from '@intake/auth';
import { CheckAccessResultSchema, CheckAccessSchema, type CheckAccess, CreateIndexAccessSchema, type CreateIndexAccess, IndexAccessListSchema, IndexAccessSchema, UpdateIndexAccessFieldsSchema, uuid } from '@intake/contracts';
import { RpcClient, type RpcCallOptions } from '@intake/messaging';
import { z } from 'zod';
import { CallContext } from '../common/call-context';
import { ExistingTarget } from '../import-targets/existing-target';
import { ZodPipe } from '@intake/auth';

const IdParam = new ZodPipe(uuid(), 'id');
const UserIdParam = new ZodPipe(uuid(), 'userId');

/** Grants on index/collection name patterns; routes and fields as the original index-access feature. */
@ApiTags('index-access')
@ApiBearerAuth()
@Controller('index-access')
export class IndexAccessController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly targets: ExistingTarget,
  ) {}

  @Roles('admin')
  @Post()
  @ApiContract({ body: CreateIndexAccessSchema, response: IndexAccessSchema, status: 201 })
  async create(@Body(new ZodPipe(CreateIndexAccessSchema)) body: CreateIndexAccess, @CallContext() ctx: RpcCallOptions) {
    await this.targets.require('es_server_id', body.es_server_id, ctx);
    return this.rpc.request('auth.grants.create', body, ctx);
  }

  @Get('my-accesses')
  @ApiContract({ response: IndexAccessListSchema })
  mine(@CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('auth.grants.list_mine', {}, ctx);
  }

  /** Admins read anyone's grants; other users only their own. */
  @Get('user/:userId')
  @ApiContract({ response: IndexAccessListSchema })
  forUser(@Param('userId', UserIdParam) userId: string, @CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('auth.grants.list_for_user', { user_id: userId }, ctx);
  }

  @Post('check-access')
  @HttpCode(200)
  @ApiContract({ body: CheckAccessSchema, response: CheckAccessResultSchema })
  check(@Body(new ZodPipe(CheckAccessSchema)) body: CheckAccess, @CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('auth.grants.check', body, ctx);
  }

  @Roles('admin')
  @Patch(':id')
  @ApiContract({ body: UpdateIndexAccessFieldsSchema, response: IndexAccessSchema })
  async update(@Param('id', IdParam) id: string, @Body(new ZodPipe(UpdateIndexAccessFieldsSchema)) changes: z.infer<typeof UpdateIndexAccessFieldsSchema>, @CallContext() ctx: RpcCallOptions) {
    await this.targets.require('es_server_id', changes.es_server_id, ctx);
    return this.rpc.request('auth.grants.update', { id, changes }, ctx);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  async delete(@Param('id', IdParam) id: string, @CallContext() ctx: RpcCallOptions): Promise<void> {
    await this.rpc.request('auth.grants.delete', { id }, ctx);
  }
}
