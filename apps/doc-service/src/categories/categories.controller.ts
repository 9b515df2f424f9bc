import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiContract, type AuthUser, CurrentUser, Roles, ZodPipe } from '@intake/auth';
import { CategoryChangeSchema, CategorySchema, uuid } from '@intake/contracts';
import { RequireApp } from '@intake/messaging';
import { DOCUMENT_WRITERS } from '../documents/document-writers';
import { z } from 'zod';
import { CategoriesService } from './categories.service';
import { type DocumentIdsInput, DocumentIdsSchema } from '../documents/dto/document-ids.dto';
import { type CategoryNameInput, CategoryNameSchema } from './dto/category.dto';

const IdParam = new ZodPipe(uuid({ error: 'must be a category id' }), 'id');

/** The caller's categories and bulk filing of documents into them. */
@RequireApp('documents')
@Controller('documents/categories')
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  @Get()
  @ApiContract({ response: z.array(CategorySchema) })
  list(@CurrentUser() user: AuthUser) {
    return this.categories.list(user.id);
  }

  @Post()
  @ApiContract({ body: CategoryNameSchema, response: CategorySchema, status: 201 })
  @Roles(...DOCUMENT_WRITERS)
  create(@CurrentUser() user: AuthUser, @Body(new ZodPipe(CategoryNameSchema)) body: CategoryNameInput) {
    return this.categories.create(user.id, body.name);
  }

  @Patch(':id')
  @ApiContract({ body: CategoryNameSchema, response: CategorySchema })
  @Roles(...DOCUMENT_WRITERS)
  rename(@CurrentUser() user: AuthUser, @Param('id', IdParam) id: string, @Body(new ZodPipe(CategoryNameSchema)) body: CategoryNameInput) {
    return this.categories.rename(user.id, id, body.name);
  }

  @Delete(':id')
  @Roles(...DOCUMENT_WRITERS)
  @HttpCode(204)
  delete(@CurrentUser() user: AuthUser, @Param('id', IdParam) id: string) {
    return this.categories.delete(user.id, id);
  }

  @Post(':id/assign')
  @ApiContract({ body: DocumentIdsSchema, response: CategoryChangeSchema })
  @Roles(...DOCUMENT_WRITERS)
  @HttpCode(200)
  assign(@CurrentUser() user: AuthUser, @Param('id', IdParam) id: string, @Body(new ZodPipe(DocumentIdsSchema)) body: DocumentIdsInput) {
    return this.categories.assign(user.id, id, body.document_ids);
  }

  @Post(':id/remove')
  @ApiContract({ body: DocumentIdsSchema, response: CategoryChangeSchema })
  @Roles(...DOCUMENT_WRITERS)
  @HttpCode(200)
  remove(@CurrentUser() user: AuthUser, @Param('id', IdParam) id: string, @Body(new ZodPipe(DocumentIdsSchema)) body: DocumentIdsInput) {
    return this.categories.remove(user.id, id, body.document_ids);
  }
}
