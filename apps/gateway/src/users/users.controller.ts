import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiContract, Roles } from '@intake/auth';
import { CreateUserSchema, type CreateUser, DeleteUserBodySchema, type DeleteUserBody, parseOrThrow, UpdateUserFieldsSchema, type UpdateUserFields, UserListSchema, UserSchema, uuid } from '@intake/contracts';
import { RpcClient, type RpcCallOptions } from '@intake/messaging';
import { CallContext } from '../common/call-context';
import { ExistingTarget } from '../import-targets/existing-target';
import { ZodPipe } from '@intake/auth';

const IdParam = new ZodPipe(uuid(), 'id');

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly targets: ExistingTarget,
  ) {}

  @Roles('admin')
  @Get()
  @ApiContract({ response: UserListSchema })
  list(@CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('auth.users.list', {}, ctx);
  }

  @Roles('admin')
  @Post()
  @ApiContract({ body: CreateUserSchema, response: UserSchema, status: 201 })
  async create(@Body(new ZodPipe(CreateUserSchema)) body: CreateUser, @CallContext() ctx: RpcCallOptions) {
    await this.targets.require('assigned_es_server_id', body.assigned_es_server_id, ctx);
    return this.rpc.request('auth.users.create', body, ctx);
  }

  /** Admins read anyone; other users only themselves (auth-service decides). */
  @Get(':id')
  @ApiContract({ response: UserSchema })
  get(@Param('id', IdParam) id: string, @CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('auth.users.get', { id }, ctx);
  }

  @Roles('admin')
  @Patch(':id')
  @ApiContract({ body: UpdateUserFieldsSchema, response: UserSchema })
  async update(@Param('id', IdParam) id: string, @Body(new ZodPipe(UpdateUserFieldsSchema)) changes: UpdateUserFields, @CallContext() ctx: RpcCallOptions) {
    await this.targets.require('assigned_es_server_id', changes.assigned_es_server_id, ctx);
    return this.rpc.request('auth.users.update', { id, changes }, ctx);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  @ApiContract({ body: DeleteUserBodySchema, status: 204 })
  async delete(@Param('id', IdParam) id: string, @Body() raw: unknown, @CallContext() ctx: RpcCallOptions): Promise<void> {
    // Most deletes send no body at all; one that comes is checked as any.
    const body: DeleteUserBody = raw === undefined ? {} : parseOrThrow(DeleteUserBodySchema, raw, 'body');
    await this.rpc.request('auth.users.delete', { id, ...body }, ctx);
  }
}
