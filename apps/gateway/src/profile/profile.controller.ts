import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ProfileSchema, UpdateProfileSchema, type UpdateProfile } from '@intake/contracts';
import { RpcClient, type RpcCallOptions } from '@intake/messaging';
import { CallContext } from '../common/call-context';
import { ApiContract, ZodPipe } from '@intake/auth';

@ApiTags('profile')
@ApiBearerAuth()
@Controller('profile')
export class ProfileController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiContract({ response: ProfileSchema })
  get(@CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('auth.profile.get', {}, ctx);
  }

  @Put()
  @ApiContract({ body: UpdateProfileSchema, response: ProfileSchema })
  update(@Body(new ZodPipe(UpdateProfileSchema)) body: UpdateProfile, @CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('auth.profile.update', body, ctx);
  }
}
