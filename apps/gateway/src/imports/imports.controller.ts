import { Body, Controller, Delete, Get, HttpCode, Inject, Logger, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppError, importStorageFullMessage, READERS_DO_NOT_IMPORT, ImportFailuresSchema, ImportJobListSchema, ImportJobSchema, type ImportLimits, ImportLimitsSchema, ImportPlanSchema, type ImportPlan, ImportPreviewSchema, ListImportFailuresSchema, ListImportJobsSchema, SameFileImportsSchema, uuid } from '@intake/contracts';
import { ENQUEUE_CONFIRM_MS, RpcClient, type RpcCallOptions, RpcUnanswered } from '@intake/messaging';
import { OBJECT_STORAGE, type ObjectStorage, safeFileName, safeObjectKey } from '@intake/storage';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CallContext } from '../common/call-context';
import { RequireApp } from '@intake/messaging';
import { ApiContract, ZodPipe } from '@intake/auth';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { receiveUpload } from './multipart-upload';

const IdParam = new ZodPipe(uuid(), 'id');
const DELETE_TIMEOUT_MS = 60_000;

function targetIdOf(fields: Record<string, string>): string {
  const targetId = uuid().safeParse(fields.target_id);
  if (!targetId.success) throw new AppError('VALIDATION_FAILED', 'target_id: must be the id of an import target', { fields: [{ field: 'target_id', message: 'required' }] });
  return targetId.data;
}

/** Spreadsheet imports: upload → preview → plan → start → progress → result, and rollback. */
@ApiTags('imports')
@ApiBearerAuth()
@RequireApp('imports')
@Controller('imports')
export class ImportsController {
  private readonly logger = new Logger('ImportsController');

  constructor(
    private readonly rpc: RpcClient,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  // Before `:id`, which would take 'limits' for an id.
  @Get('limits')
  @ApiOperation({ summary: 'The largest file an upload takes, known before sending one' })
  @ApiContract({ response: ImportLimitsSchema })
  limits(): ImportLimits {
    return { max_upload_bytes: this.config.uploads.importMaxBytes };
  }

  @Post()
  @ApiOperation({ summary: 'Upload a CSV or XLSX (multipart: file, target_id); the format comes from its bytes. Answers the new job, status analysing' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file', 'target_id'], properties: { file: { type: 'string', format: 'binary' }, target_id: { type: 'string', format: 'uuid' } } } })
  @ApiContract({ response: ImportJobSchema, status: 201 })
  async upload(@Req() req: Request, @CallContext() ctx: RpcCallOptions) {
    // Said before the file is read: import-service would refuse it only once it is stored.
    if (ctx.caller?.role === 'reader') throw new AppError('FORBIDDEN', READERS_DO_NOT_IMPORT);
    const jobId = randomUUID();
    const upload = await receiveUpload(req, this.storage, {
      maxBytes: this.config.uploads.importMaxBytes,
      keyFor: (name) => safeObjectKey('imports', jobId, 'original', safeFileName(name)),
      // A target named before the file (as the web app sends it) is asked about first: no use storing a file for a target the caller cannot use, or past their cap.
      // The file then stops being stored as soon as it passes the room the caller's imports leave.
      admit: async (fields) => {
        if (fields.target_id === undefined) return;
        const held = await this.rpc.request('import.jobs.admit', { target_id: targetIdOf(fields) }, ctx);
        const refusal = new AppError('QUOTA_EXCEEDED', importStorageFullMessage(held.stored_bytes, held.max_stored_bytes), { stored_bytes: held.stored_bytes, max_stored_bytes: held.max_stored_bytes });
        return { maxBytes: held.max_stored_bytes - held.stored_bytes, refusal };
      },
    });
    try {
      const { file } = upload;
      return await this.rpc.request(
        'import.jobs.create',
        { job_id: jobId, target_id: targetIdOf(upload.fields), original_key: file.key, original_name: file.originalName, size: file.size, sha256: file.sha256 },
        // import-service saves the job, then waits for the queue to confirm its analysis.
        { ...ctx, timeoutMs: this.config.nats.rpcTimeoutMs + ENQUEUE_CONFIRM_MS },
      );
    } catch (error) {
      if (error instanceof RpcUnanswered) {
        // The job may exist and be analysed from this file: it stays (an orphan when the job was never made, named here).
        this.logger.warn({ jobId, key: upload.file.key }, 'import-service did not answer an upload in time; its file is kept');
        throw new AppError('SERVICE_UNAVAILABLE', `The import service did not answer in time, and the upload may have been made: look for "${upload.file.originalName}" in your imports before sending it again`, {
          retry_after_seconds: 5,
        });
      }
      // Nothing is kept for a job that does not exist; one import-service kept (job_kept) reads this file later.
      if (!(error instanceof AppError && (error.details as { job_kept?: boolean } | undefined)?.job_kept)) await this.storage.delete(upload.file.key);
      throw error;
    }
  }

  @Get()
  @ApiOperation({ summary: 'History: your imports, newest first (admins see everyone’s)' })
  @ApiContract({ response: ImportJobListSchema })
  list(@Query(new ZodPipe(ListImportJobsSchema, 'query')) query: z.infer<typeof ListImportJobsSchema>, @CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('import.jobs.list', query, ctx);
  }

  @Get(':id')
  @ApiContract({ response: ImportJobSchema })
  get(@Param('id', IdParam) id: string, @CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('import.jobs.get', { id }, ctx);
  }

  @Get(':id/preview')
  @ApiOperation({ summary: 'Columns, inferred types, proposed mapping, sample rows and validation counts; 409 while analysing' })
  @ApiContract({ response: ImportPreviewSchema })
  preview(@Param('id', IdParam) id: string, @CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('import.jobs.preview', { id }, ctx);
  }

  @Get(':id/failures')
  @ApiOperation({ summary: 'The rows that failed, a page at a time (?limit=&offset=): sheet, row number and why, with how many failed in all' })
  @ApiContract({ response: ImportFailuresSchema })
  failures(@Param('id', IdParam) id: string, @Query(new ZodPipe(ListImportFailuresSchema, 'query')) query: z.infer<typeof ListImportFailuresSchema>, @CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('import.jobs.failures', { id, ...query }, ctx);
  }

  @Get(':id/same-file')
  @ApiOperation({ summary: 'Earlier imports of the same file (by SHA-256) into the same target whose rows are there (written, not rolled back), or that are queued or running: the caller\'s own, everyone\'s for an admin' })
  @ApiContract({ response: SameFileImportsSchema })
  sameFile(@Param('id', IdParam) id: string, @CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('import.jobs.same-file', { id }, ctx);
  }

  @Put(':id/plan')
  @ApiOperation({ summary: 'Set the mapping, mode and key fields; checked against the file and the collections (400 names the problem)' })
  @ApiContract({ body: ImportPlanSchema, response: ImportJobSchema })
  plan(@Param('id', IdParam) id: string, @Body(new ZodPipe(ImportPlanSchema)) plan: ImportPlan, @CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('import.jobs.plan', { id, plan }, ctx);
  }

  @Post(':id/check')
  @ApiOperation({ summary: 'Read and check the whole file again with the saved plan (collections, mapping, mode, dates); the job is analysing until its new preview is ready' })
  @ApiContract({ response: ImportJobSchema, status: 201 })
  check(@Param('id', IdParam) id: string, @CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('import.jobs.check', { id }, ctx);
  }

  @Post(':id/start')
  @ApiContract({ response: ImportJobSchema, status: 201 })
  start(@Param('id', IdParam) id: string, @CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('import.jobs.start', { id }, ctx);
  }

  @Post(':id/cancel')
  @ApiContract({ response: ImportJobSchema, status: 201 })
  cancel(@Param('id', IdParam) id: string, @CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('import.jobs.cancel', { id }, ctx);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete an import that is not under way: the job, its original and its result files. The rows it wrote stay (roll back first to undo them)',
  })
  async delete(@Param('id', IdParam) id: string, @CallContext() ctx: RpcCallOptions): Promise<void> {
    // A job that updated many records has as many journal rows to delete: more than a plain request's wait.
    await this.rpc.request('import.jobs.delete', { id }, { ...ctx, timeoutMs: DELETE_TIMEOUT_MS });
  }

  @Post(':id/rollback')
  @ApiOperation({ summary: 'Undo a finished job: delete the rows it inserted, restore the rows it updated' })
  @ApiContract({ response: ImportJobSchema, status: 201 })
  rollback(@Param('id', IdParam) id: string, @CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('import.jobs.rollback', { id }, ctx);
  }
}
