import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiContract, Roles, ZodPipe } from '@intake/auth';
import { AiSettingsSchema, AiUsageSchema, ConnectionTestSchema } from '@intake/contracts';
import { type SettingsInput, SettingsInputSchema } from './settings-input';
import { SettingsService } from './settings.service';

const Input = new ZodPipe(SettingsInputSchema, 'settings');

/** AI provider settings: admins only; the API key comes back masked. */
@Roles('admin')
@Controller('settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @ApiContract({ response: AiSettingsSchema })
  get() {
    return this.settings.get();
  }

  @Get('usage')
  @ApiContract({ response: AiUsageSchema })
  usage() {
    return this.settings.usage();
  }

  @Put()
  @ApiContract({ body: SettingsInputSchema, response: AiSettingsSchema })
  update(@Body(Input) input: SettingsInput) {
    return this.settings.update(input);
  }

  @Post('test')
  @ApiContract({ body: SettingsInputSchema, response: ConnectionTestSchema })
  @HttpCode(200)
  test(@Body(Input) input: SettingsInput) {
    return this.settings.test(input);
  }
}
