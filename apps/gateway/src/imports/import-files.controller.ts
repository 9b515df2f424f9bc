import { uuid } from '@intake/contracts';
import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { RpcClient, type RpcCallOptions } from '@intake/messaging';
import { attachmentHeader, OBJECT_STORAGE, type ObjectStorage } from '@intake/storage';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { CallContext } from '../common/call-context';
import { RequireApp } from '@intake/messaging';
import { ZodPipe } from '@intake/auth';

const IdParam = new ZodPipe(uuid(), 'id');
const FormatQuery = new ZodPipe(z.enum(['xlsx', 'csv']).optional(), 'format');
const SheetQuery = new ZodPipe(z.string().max(255).optional(), 'sheet');
const RowsQuery = new ZodPipe(z.enum(['all', 'failed']).default('all'), 'rows');
/**
 * A result file in the other format than the upload's is made on its first download, from the
 * original, which takes a while for a large file. Later downloads answer at once.
 */
const RESULT_TIMEOUT_MS = 10 * 60_000;

/** Downloads, streamed from object storage once import-service says the caller may see the job. */
@ApiTags('imports')
@ApiBearerAuth()
@RequireApp('imports')
@Controller('imports/:id')
export class ImportFilesController {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
  ) {}

  @Get('original')
  @ApiOperation({ summary: 'The file as it was uploaded' })
  @ApiProduces('application/octet-stream')
  async original(@Param('id', IdParam) id: string, @CallContext() ctx: RpcCallOptions, @Res() res: Response) {
    await this.send(res, await this.rpc.request('import.jobs.file', { id, which: 'original' }, ctx));
  }

  @Get('result')
  @ApiOperation({
    summary: 'Every input row with _status (inserted, updated, unchanged, skipped, failed) and _error, in the format of the upload unless ?format=xlsx or csv; ?sheet= for another imported sheet; ?rows=failed for the failed rows alone',
    description: "The file in the upload's own format is written during the run; the other format is made on its first download, which then takes longer.",
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  async result(
    @Param('id', IdParam) id: string,
    @Query('format', FormatQuery) format: 'xlsx' | 'csv' | undefined,
    @Query('sheet', SheetQuery) sheet: string | undefined,
    @Query('rows', RowsQuery) rows: 'all' | 'failed',
    @CallContext() ctx: RpcCallOptions,
    @Res() res: Response,
  ) {
    await this.send(res, await this.rpc.request('import.jobs.file', { id, which: 'result', format, sheet, rows }, { ...ctx, timeoutMs: RESULT_TIMEOUT_MS }));
  }

  private async send(res: Response, file: { key: string; filename: string; content_type: string }): Promise<void> {
    const body = await this.storage.get(file.key);
    res.setHeader('content-type', file.content_type);
    res.setHeader('content-disposition', attachmentHeader(file.filename));
    await pipeline(body, res);
  }
}
