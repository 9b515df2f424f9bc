import { Body, Controller, Delete, Get, HttpCode, Logger, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiContract, type AuthUser, CurrentUser, Roles, ZodPipe } from '@intake/auth';
import { DocumentDetailSchema, DocumentLimitsSchema, DocumentPageSchema, DocumentSchema, DocumentTypesSchema, ExportCheckSchema, ReprocessOutcomeSchema, UploadOutcomeSchema, uuid } from '@intake/contracts';
import { RequireApp } from '@intake/messaging';
import { attachmentHeader } from '@intake/storage';
import { DOCUMENT_WRITERS } from './document-writers';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { DocumentsService } from './documents.service';
import { DocumentExport, type ExportLimits } from './document-export';
import type { ExportCursor } from './documents.repository';
import {
  type ArchiveDocumentsQuery,
  ArchiveDocumentsSchema,
  type DocumentFilters,
  type ExportDocumentsQuery,
  ExportDocumentsSchema,
  type ListDocumentsQuery,
  ListDocumentsSchema,
} from './dto/list-documents.dto';
import { type DocumentIdsInput, DocumentIdsSchema } from './dto/document-ids.dto';
import { type UpdateDocumentInput, UpdateDocumentSchema } from './dto/update-document.dto';

const EXPORT_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

const today = () => new Date().toISOString().slice(0, 10);

const IdParam = new ZodPipe(uuid({ error: 'must be a document id' }), 'id');

/** A user's PDFs: upload (many at once), find, read, download, correct, re-process, delete. */
@RequireApp('documents')
@Controller('documents')
export class DocumentsController {
  private readonly logger = new Logger('DocumentsController');

  constructor(
    private readonly documents: DocumentsService,
    private readonly exports: DocumentExport,
  ) {}

  @Post()
  @Roles(...DOCUMENT_WRITERS)
  // 201 when anything new was queued; 200 when every file was a duplicate.
  @ApiContract({ files: 'files', response: UploadOutcomeSchema, status: [201, 200] })
  async upload(@CurrentUser() user: AuthUser, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const outcome = await this.documents.upload(user.id, req);
    res.status(outcome.documents.length ? 201 : 200);
    return outcome;
  }

  @Get()
  @ApiContract({ query: ListDocumentsSchema, response: DocumentPageSchema })
  async list(@CurrentUser() user: AuthUser, @Query(new ZodPipe(ListDocumentsSchema, 'query')) query: ListDocumentsQuery) {
    await this.documents.requireOwnFilters(user.id, query);
    return this.documents.list(user.id, query);
  }

  /** Before `:id`. What an upload takes, so the web app sends no file only to see it refused. */
  @Get('limits')
  @ApiContract({ response: DocumentLimitsSchema })
  limits() {
    return this.documents.limits();
  }

  /** Before `:id`. What the type filter offers: the configured types (which only admins may read whole), then the user's own. */
  @Get('types')
  @ApiContract({ response: DocumentTypesSchema })
  types(@CurrentUser() user: AuthUser) {
    return this.documents.types(user.id);
  }

  /** Before `:id`. Refusals (too many documents, an export of yours still running, too many at once) come before the first byte, as JSON errors. */
  @Get('export')
  @ApiContract({ query: ExportDocumentsSchema, file: Object.values(EXPORT_TYPES), fileCheck: ExportCheckSchema })
  async export(@CurrentUser() user: AuthUser, @Query(new ZodPipe(ExportDocumentsSchema, 'query')) query: ExportDocumentsQuery, @Res() res: Response): Promise<void> {
    await this.documents.requireOwnFilters(user.id, query);
    if (query.check) return this.answerCheck(res, user, query, this.exports.tableLimits);
    const cursor = await this.exports.open(user.id, query, this.exports.tableLimits);
    await this.send(res, user, cursor, `documents-${today()}.${query.format}`, EXPORT_TYPES[query.format], () => this.exports.writeTable(cursor, query.format, res));
  }

  /** The original PDFs as one ZIP. With `check=true` (here and on export), how many files and bytes it would hold, or why not. */
  @Get('archive')
  @ApiContract({ query: ArchiveDocumentsSchema, file: ['application/zip'], fileCheck: ExportCheckSchema })
  async archive(@CurrentUser() user: AuthUser, @Query(new ZodPipe(ArchiveDocumentsSchema, 'query')) query: ArchiveDocumentsQuery, @Res() res: Response): Promise<void> {
    await this.documents.requireOwnFilters(user.id, query);
    if (query.check) return this.answerCheck(res, user, query, this.exports.archiveLimits);
    const cursor = await this.exports.open(user.id, query, this.exports.archiveLimits);
    await this.send(res, user, cursor, `documents-${today()}.zip`, 'application/zip', () => this.exports.writeArchive(cursor, res));
  }

  /** What the file would hold, `{files, bytes}`, or the refusal it would meet. */
  private async answerCheck(res: Response, user: AuthUser, filters: DocumentFilters, limits: ExportLimits): Promise<void> {
    res.setHeader('cache-control', 'no-store');
    res.json(await this.exports.measure(user.id, filters, limits));
  }

  /** Sends an opened export as a file download. */
  private async send(res: Response, user: AuthUser, cursor: ExportCursor, fileName: string, contentType: string, write: () => Promise<void>): Promise<void> {
    res.setHeader('content-disposition', attachmentHeader(fileName));
    res.setHeader('content-type', contentType);
    res.setHeader('cache-control', 'no-store');
    // Express answers HEAD with the GET handler: the headers, without reading a single document.
    if (res.req.method === 'HEAD') {
      await cursor.close();
      res.end();
      return;
    }
    try {
      await write();
    } catch (error) {
      this.logger.warn({ userId: user.id, err: error }, 'document export stopped before the end');
      if (!res.headersSent) {
        // Nothing sent yet: the error goes out as the usual JSON, not under the file's name and type.
        for (const header of ['content-disposition', 'content-type', 'cache-control']) res.removeHeader(header);
        throw error;
      }
      // Headers are gone: cutting the connection is the only way left to say the file is not whole.
      res.destroy(error as Error);
    }
  }

  @Get(':id')
  @ApiContract({ response: DocumentDetailSchema })
  get(@CurrentUser() user: AuthUser, @Param('id', IdParam) id: string) {
    return this.documents.get(user.id, id);
  }

  @Get(':id/download')
  async download(@CurrentUser() user: AuthUser, @Param('id', IdParam) id: string, @Res() res: Response): Promise<void> {
    const file = await this.documents.download(user.id, id);
    res.setHeader('content-disposition', attachmentHeader(file.fileName));
    res.setHeader('content-type', 'application/pdf');
    res.setHeader('content-length', String(file.size));
    await pipeline(file.body, res);
  }

  @ApiContract({ body: UpdateDocumentSchema, response: DocumentDetailSchema })
  @Patch(':id')
  @Roles(...DOCUMENT_WRITERS)
  update(@CurrentUser() user: AuthUser, @Param('id', IdParam) id: string, @Body(new ZodPipe(UpdateDocumentSchema)) body: UpdateDocumentInput) {
    return this.documents.update(user.id, id, body);
  }

  /** Many at once, in one request: see DocumentsService.reprocessMany. */
  @Post('reprocess')
  @Roles(...DOCUMENT_WRITERS)
  @HttpCode(202)
  @ApiContract({ body: DocumentIdsSchema, response: ReprocessOutcomeSchema, status: 202 })
  reprocessMany(@CurrentUser() user: AuthUser, @Body(new ZodPipe(DocumentIdsSchema)) body: DocumentIdsInput) {
    return this.documents.reprocessMany(user.id, body.document_ids);
  }

  @Post(':id/reprocess')
  @Roles(...DOCUMENT_WRITERS)
  @HttpCode(202)
  @ApiContract({ response: DocumentSchema, status: 202 })
  reprocess(@CurrentUser() user: AuthUser, @Param('id', IdParam) id: string) {
    return this.documents.reprocess(user.id, id);
  }

  @Delete(':id')
  @Roles(...DOCUMENT_WRITERS)
  @HttpCode(204)
  delete(@CurrentUser() user: AuthUser, @Param('id', IdParam) id: string) {
    return this.documents.delete(user.id, id);
  }
}
