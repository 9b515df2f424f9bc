import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiContract, Public } from '@intake/auth';
import { JwksSchema } from '@intake/contracts';
import { RpcClient } from '@intake/messaging';

@ApiTags('auth')
@Public()
@Controller('.well-known')
export class JwksController {
  constructor(private readonly rpc: RpcClient) {}

  /** The public keys that verify our access tokens, for services and API clients. */
  @Get('jwks.json')
  @ApiContract({ response: JwksSchema })
  jwks() {
    return this.rpc.request('auth.keys.jwks', {});
  }
}
