import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiContract, Roles, ZodPipe } from '@intake/auth';
import { AiSettingsSchema, SuggestionSchema, uuid } from '@intake/contracts';
import { z } from 'zod';
import { SuggestionsService } from './suggestions.service';

const IdParam = new ZodPipe(uuid({ error: 'must be a suggestion id' }), 'id');

/** Types and categories models proposed outside the configured lists; admins accept or dismiss them. */
@Roles('admin')
@Controller('settings/suggestions')
export class SuggestionsController {
  constructor(private readonly suggestions: SuggestionsService) {}

  @Get()
  @ApiContract({ response: z.array(SuggestionSchema) })
  list() {
    return this.suggestions.list();
  }

  @Post(':id/accept')
  @ApiContract({ response: AiSettingsSchema })
  @HttpCode(200)
  accept(@Param('id', IdParam) id: string) {
    return this.suggestions.accept(id);
  }

  @Delete(':id')
  @HttpCode(204)
  dismiss(@Param('id', IdParam) id: string) {
    return this.suggestions.dismiss(id);
  }
}
