import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiContract, Roles } from '@intake/auth';
import { AppListSchema, AppPermissionKeySchema, AppPermissionListSchema, AppPermissionQuerySchema, AppPermissionSchema, uuid } from '@intake/contracts';
import { RpcClient, type RpcCallOptions } from '@intake/messaging';
import { z } from 'zod';
import { CallContext } from '../common/call-context';
import { ZodPipe } from '@intake/auth';

@ApiTags('apps')
@ApiBearerAuth()
@Controller()
export class AppsController {
  constructor(private readonly rpc: RpcClient) {}

  /** The launcher: only the apps the caller may open. */
  @Get('apps')
  @ApiContract({ response: AppListSchema })
  apps(@CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('auth.apps.list', {}, ctx);
  }

  @Roles('admin')
  @Get('app-permissions')
  @ApiContract({ response: AppPermissionListSchema })
  list(@Query(new ZodPipe(AppPermissionQuerySchema, 'query')) query: z.infer<typeof AppPermissionQuerySchema>, @CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('auth.app_permissions.list', query, ctx);
  }

  @Roles('admin')
  @Post('app-permissions')
  @ApiContract({ body: AppPermissionKeySchema, response: AppPermissionSchema, status: 201 })
  grant(@Body(new ZodPipe(AppPermissionKeySchema)) body: z.infer<typeof AppPermissionKeySchema>, @CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('auth.app_permissions.grant', body, ctx);
  }

  @Roles('admin')
  @Delete('app-permissions/:userId/:appKey')
  @HttpCode(204)
  async revoke(
    @Param(new ZodPipe(z.object({ userId: uuid(), appKey: AppPermissionKeySchema.shape.app_key }), 'path')) params: { userId: string; appKey: 'imports' | 'documents' | 'admin' },
    @CallContext() ctx: RpcCallOptions,
  ): Promise<void> {
    await this.rpc.request('auth.app_permissions.revoke', { user_id: params.userId, app_key: params.appKey }, ctx);
  }
}
