import { passingFailure } from '../nocobase/nocobase-connection';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppError, type Caller, type CollectionDescription, type CollectionField, type CollectionSummary, type ImportPlan, type ImportPreview, MAX_PLAN_SHEETS, MAX_SHEET_NAME, sheetKeyFields } from '@intake/contracts';
import { WorkQueue, WorkSlots } from '@intake/messaging';
import type { PoolClient } from 'pg';
import { OBJECT_STORAGE, type ObjectStorage } from '@intake/storage';
import { isTabularError, openTable, type SheetInfo, type SheetTable } from '@intake/tabular';
import { IMPORT_CONFIG, type ImportServiceConfig } from '../config';
import type { ImportJobEntity } from '../jobs/import-job.entity';
import { JobActors } from '../jobs/job-actors';
import { ImportJobsRepository } from '../jobs/import-jobs.repository';
import { WAITING } from '../jobs/waiting-jobs';
import { NocoBasePools } from '../nocobase/nocobase-pools';
import { NocoBaseService } from '../nocobase/nocobase.service';
import { notFoundAsNull } from '../nocobase/unreadable-links';
import { checkMapping, hasMappingErrors } from '../nocobase-writer/mapping-check';
import { RelationResolver } from '../nocobase-writer/relation-resolver';
import { planConversion, RowConverter } from '../nocobase-writer/row-converter';
import { TableFactsReader } from '../nocobase-writer/table-facts';
import { WorkerIdCheck } from '../nocobase-writer/worker-id-check';
import { modeInserts } from '../nocobase-writer/writer-types';
import type { NocoBaseConnection } from '../targets/nocobase-target';
import { TargetsService } from '../targets/targets.service';
import { ProgressPublisher } from '../run/progress-publisher';
import { orderSheets } from '../run/sheet-order';
import { AnalysisSlots } from './analysis-slots';
import { AnalysisStopped, AnalysisWatch } from './analysis-watch';
import { MAX_COLLECTIONS_BY_COLUMNS, proposeByColumns, proposeCollection, proposeMapping } from './collection-proposal';
import { EarlierRecords } from './earlier-records';
import { withIndexProbes } from './index-probes';
import { OtherSheetRecords } from './other-sheet-records';
import { RelationSuggestions } from './relation-suggestions';
import { analyseSheet, type SheetValidation } from './sheet-analysis';
import { proposeReading, sampleProfiles } from './file-reading';
import { recordChanges } from './key-changes';
import { caseInsensitiveValues, existingKeys, KeyMatchCheck } from './key-matches';
import { existingValues, UniqueValueCheck } from './unique-values';
import { proposeRelationColumns } from './relation-columns';
import { columnMapping, linkedCollections, withKnownFields } from './sheet-mapping';
import { type ResultOrigin, ResultOrigins } from './result-origin';

/** Analyses of one job that may die with their process before the file is taken for the cause. */
const MAX_UNFINISHED_ANALYSES = 3;

/** Worker for `import.work.analyse`: reads the upload once and stores the preview and a proposed plan. */
@Injectable()
export class JobAnalyser implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobAnalyser.name);
  private readonly slots = new AnalysisSlots();
  /** Analyses running in this process, by job id. */
  private readonly inHand = new Set<string>();

  constructor(
    @Inject(IMPORT_CONFIG) private readonly config: ImportServiceConfig,
    private readonly queue: WorkQueue,
    private readonly jobs: ImportJobsRepository,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly nocobase: NocoBaseService,
    private readonly targets: TargetsService,
    private readonly facts: TableFactsReader,
    private readonly resolver: RelationResolver,
    private readonly suggestions: RelationSuggestions,
    private readonly workerIds: WorkerIdCheck,
    private readonly actors: JobActors,
    private readonly progress: ProgressPublisher,
    private readonly pools: NocoBasePools,
    private readonly origins: ResultOrigins,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role === 'api') return;
    // Two analyses of the first lane at a time, and one of the second while fewer than two run: at most three at once (see WAITING).
    const pool = new WorkSlots(2);
    for (const [lane, turn, concurrency] of [[WAITING.analysing, 'first', 2], [WAITING.analysing.behind, 'yields', 1]] as const) {
      await this.queue.work(
        lane.subject,
        { durable: lane.durable, concurrency, ackWaitMs: this.config.workerAckWaitMs, giveUp: ({ job_id }, error) => this.fail(job_id, `The analysis failed: ${error.message}`), slots: { pool, turn } },
        ({ job_id }) => this.analyse(job_id),
      );
    }
  }

  async analyse(jobId: string): Promise<void> {
    const job = await this.jobs.findById(jobId);
    if (!job || job.status !== 'analysing') return; // done already, or cancelled
    const leave = await this.slots.enter(job.analysesUnfinished > 0);
    this.inHand.add(job.id);
    try {
      const died = await this.jobs.beginAnalysis(job.id);
      if (died === null) return;
      if (died >= MAX_UNFINISHED_ANALYSES) {
        const instead = /\.xlsx$/i.test(job.originalName) ? 'save the sheets you need as CSV (UTF-8), or split the workbook' : 'split the file into smaller ones';
        return await this.fail(job.id, `the analysis stopped ${died} times without finishing, as the import service restarted while reading this file (it may need more memory than the service has); it is not tried again: ${instead}, and upload that`);
      }
      await this.analyseJob(job);
    } finally {
      this.inHand.delete(job.id);
      leave();
      // Ended, however: it did not take its process down. (With the database away the count stays, as the next delivery finds it.)
      await this.jobs.endAnalysis(job.id).catch(() => undefined);
    }
  }

  /** Stopping is no death of the file's making: a kill at the end of the grace period must not count against the analyses in hand. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.inHand].map((id) => this.jobs.endAnalysis(id).catch(() => undefined)));
  }

  private async analyseJob(job: ImportJobEntity): Promise<void> {
    // A cancel (or the time limit) ends the analysis between rows and steps, freeing its slot.
    const watch = new AnalysisWatch(async (rowsRead) => {
      const wanted = await this.jobs.isIn(job.id, 'analysing');
      // Those following the job see how far the reading has got: a million XLSX rows take a minute.
      if (wanted && rowsRead > 0) this.progress.publish({ job_id: job.id, status: 'analysing', progress: { ...job.progress, rows_processed: rowsRead }, error: job.error });
      return wanted;
    }, this.config.analysisTimeoutMs, this.config.analysisPollMs);
    try {
      const baseName = job.originalName.replace(/\.[^.]+$/, '') || 'Sheet1';
      const source = await openTable(() => this.storage.get(job.originalKey), { name: baseName });
      await watch.check();
      const owner = await this.actors.current(job, 'read');
      const collections = await this.nocobase.list(owner, job.targetId);
      const conn = this.targets.nocoBaseConnection((await this.targets.requireVisible(owner, job.targetId)).target);
      // What a plan can hold (ImportPlanSchema): a larger workbook is refused here, not proposed as a plan no answer could carry.
      if (source.sheets.length > MAX_PLAN_SHEETS) throw new AppError('VALIDATION_FAILED', `The workbook has ${source.sheets.length} sheets; at most ${MAX_PLAN_SHEETS} can be imported from one file`);
      const longName = source.sheets.find((sheet) => sheet.name.length > MAX_SHEET_NAME);
      if (longName) throw new AppError('VALIDATION_FAILED', `Sheet '${longName.name.slice(0, 40)}…' has a name longer than ${MAX_SHEET_NAME} characters`);
      // Checked again (ImportJobsService.check): the saved plan is what is checked, not a proposal.
      const saved = job.plan;
      // A first look: how this file writes dates and decimals, so every row is checked as the proposal will read it.
      // Times without a zone are proposed to be in the zone the user set on their account (a Lisbon user's 10:00 is not UTC's).
      const timeZone = saved ? null : await this.actors.timeZone(owner);
      const profiles = saved ? [] : await sampleProfiles(source, watch);
      let options: Omit<ImportPlan, 'sheets'> = saved ?? { mode: 'insert', key_fields: [], empty_cells: 'keep', all_or_nothing: false, time_zone: timeZone ?? 'UTC', ...proposeReading(profiles) };
      await watch.check();
      const prepared: PreparedSheet[] = [];
      // A one-sheet file keeps its table open for the analysis; a workbook's sheets are read again in the run's order.
      const keepOpen = source.sheets.length === 1;
      for (const sheet of source.sheets) {
        // Each sheet's shared text is parsed again as it opens: a cancel between sheets is seen at once.
        await watch.check();
        const table = await source.read(sheet.name);
        let kept = false;
        try {
          // A result file (one sheet) uploaded again, its failed rows fixed: the plan of the import it came from is the starting point.
          const origin = !saved && keepOpen && table.readAsResult ? await this.origins.find(job, table.columns) : null;
          prepared.push({ ...(await this.prepare(owner, job, collections, sheet, table, saved, origin)), table: keepOpen ? table : null });
          kept = keepOpen;
        } finally {
          if (!kept) await table.close();
        }
      }
      // Taken over from the import a result file came from, but for dates and decimals the file itself shows
      // (a result saved again from Excel in another language writes them its own way).
      const reused = prepared.find((p) => p.origin)?.origin;
      if (reused) options = { ...reused.options, decimal_mark: undefined, ...proposeReading(profiles, reused.options) };
      // Checked in the order the run writes them, so a relation to a collection an earlier sheet fills finds that sheet's rows.
      const others = new OtherSheetRecords(prepared.flatMap((p) => p.plans));
      const previews = new Map<string, ImportPreview['sheets'][number]>();
      for (const p of analysisOrder(prepared)) {
        const table = p.table ?? (await source.read(p.name));
        try {
          const validation = p.description ? await this.validation(job, conn, p.description, table, p.proposal, p.targets, options, p.planned, others) : null;
          await watch.check();
          // A saved plan stays as saved, a column it maps that cannot be checked too (the note says why).
          previews.set(p.name, await analyseSheet(table, p.collection, saved ? p.proposed : p.proposal, validation, p.notes, watch));
        } finally {
          // Read to its end, or stopped early (a cancel, a bad row): nothing of the sheet stays open.
          await table.close();
        }
      }
      const sheets = source.sheets.map((sheet) => previews.get(sheet.name) as ImportPreview['sheets'][number]);
      const proposedPlan: ImportPlan = saved ?? {
        ...options,
        sheets: sheets.map((s) => ({
          sheet: s.name,
          collection: s.proposed_collection,
          mapping: Object.fromEntries(s.columns.map((c) => [c.letter, c.proposed_field])),
        })),
      };
      const analysis: ImportPreview = {
        job_id: job.id,
        format: source.format,
        encoding: source.csv?.encoding ?? null,
        delimiter: source.csv?.delimiter ?? null,
        sheets,
        proposed_plan: proposedPlan,
      };
      const total = sheets.reduce((sum, s) => sum + s.rows, 0);
      // Nothing to import would sit "ready" for ever, holding one of the user's open imports.
      if (total === 0) {
        const what = sheets.length === 1 ? 'the file has column names but no rows under them' : 'no sheet of the workbook has rows under its column names';
        return this.fail(job.id, `${what}: there is nothing to import`);
      }
      const progress = { ...job.progress, rows_total: total };
      if (await this.jobs.transition(job.id, ['analysing'], { status: 'ready', format: source.format, analysis, progress, error: null })) {
        this.progress.publish({ job_id: job.id, status: 'ready', progress, error: null });
      }
    } catch (error) {
      if (error instanceof AnalysisStopped) return this.stopped(job.id, error);
      // The file itself is wrong: say so and stop; anything else (the target or auth-service away for a moment too) is retried by the queue.
      if (!passingFailure(error) && (isTabularError(error) || error instanceof AppError)) return this.fail(job.id, (error as Error).message);
      throw error;
    }
  }

  /** What a sheet goes into and how, before its rows are read: the collection, the mapping, the notes and the relations it names. */
  private async prepare(owner: Caller, job: ImportJobEntity, collections: readonly CollectionSummary[], sheet: SheetInfo, table: SheetTable, saved: ImportPlan | null, origin: ResultOrigin | null) {
    // The import a result file came from, while its collection is still one the owner may write to.
    if (origin && collections.some((c) => c.name === origin.collection && c.can_write)) {
      const reused = await this.prepareSheet(owner, job, collections, sheet, table, saved, origin);
      if (reused.origin) return reused;
    }
    return this.prepareSheet(owner, job, collections, sheet, table, saved, null);
  }

  /** As `prepare`, from the plan of `reused` (its `origin` null when that plan no longer fits the collection). */
  private async prepareSheet(owner: Caller, job: ImportJobEntity, collections: readonly CollectionSummary[], sheet: SheetInfo, table: SheetTable, saved: ImportPlan | null, reused: ResultOrigin | null) {
    const planned = saved?.sheets.find((s) => s.sheet === sheet.name);
    // A hidden sheet is mostly a helper (lookup lists, old data): proposed left out, and said so.
    const proposedCollection = reused
      ? reused.collection
      : sheet.hidden
        ? null
        : (proposeCollection(sheet.name, collections) ?? (await this.collectionByColumns(owner, job.targetId, collections, table)));
    const collection = saved ? (planned?.collection ?? null) : proposedCollection;
    const description: CollectionDescription | null = collection ? await this.nocobase.describe(owner, job.targetId, collection) : null;
    // The related collections, each described once for the proposal and the relation columns alike (null when it cannot be read).
    const described = new Map<string, Promise<CollectionDescription | null>>();
    const describeLinked = (name: string): Promise<CollectionDescription | null> => {
      if (name === description?.name) return Promise.resolve(description);
      if (!described.has(name)) described.set(name, this.nocobase.describeLinked(owner, job.targetId, name).catch(notFoundAsNull));
      return described.get(name) as Promise<CollectionDescription | null>;
    };
    const proposed = saved
      ? Object.fromEntries(table.columns.map((c) => [c.letter, planned?.mapping[c.letter] ?? null]))
      : reused && description
        ? withKnownFields(reused.mapping, description)
        : description
        ? await proposeRelationColumns(table.columns, description, proposeMapping(table.columns, description), describeLinked)
        : proposeMapping(table.columns, description);
    const { proposal, targets, notes } = description ? await linkedCollections(description, table, proposed, !!saved, describeLinked) : { proposal: proposed, targets: {}, notes: [] };
    // Its plan may no longer fit (a key field's unique index dropped, a field made required): then a fresh proposal, as for any file.
    const fits = !!reused && !!description && !hasMappingErrors(checkMapping(description, columnMapping(table, proposal), reused.options.mode, reused.options.key_fields, { columns: table.columns, targets }));
    if (reused && fits) {
      notes.push(`proposed as in your import of ${reused.fileName}, whose result file this is by its name and columns: the same collection, column fields, mode and key fields, and dates and numbers read as there unless this file shows otherwise`);
    }
    if (table.readAsResult) notes.push('read as an Intake result file: its _status and _error columns are left out, and the apostrophes that kept cells from running as formulas are taken off');
    // Said, so a sheet is never left out without a word (a name and columns matching nothing, or a collection without a write grant).
    if (sheet.hidden) notes.push(`the sheet is hidden in the workbook${saved ? '' : ': left out unless you choose the collection it goes into'}`);
    else if (!collection && !saved) notes.push('no collection you may import into matches the sheet\'s name or its columns: choose the one it goes into, or leave it out');
    if (table.headerRow > 1) notes.push(`the column names are in row ${table.headerRow}: the rows above them are left out`);
    const mapping = columnMapping(table, proposal);
    const plans = description && Object.keys(mapping).length ? new RowConverter(description, mapping, { columns: table.columns }).relationPlans(targets) : [];
    return { name: sheet.name, planned, collection, description, proposed, proposal, targets, notes, plans, origin: fits ? reused : null };
  }

  /** For a sheet whose name matches no collection: the one its columns name best, among those the caller may write to. */
  private async collectionByColumns(owner: Caller, targetId: string, collections: readonly CollectionSummary[], table: SheetTable): Promise<string | null> {
    const writable = collections.filter((c) => c.can_write).slice(0, MAX_COLLECTIONS_BY_COLUMNS);
    // A collection dropped (or its grant taken) since the list was read is no candidate, not a failed analysis.
    const descriptions = await Promise.all(writable.map((c) => this.nocobase.describe(owner, targetId, c.name).catch(notFoundAsNull)));
    return proposeByColumns(table.columns, descriptions.filter((d): d is CollectionDescription => d !== null));
  }

  /** A cancelled job is already marked so (by the cancel); one past its time limit fails saying why. */
  private async stopped(jobId: string, stop: AnalysisStopped): Promise<void> {
    if (stop.reason === 'timed-out') return this.fail(jobId, stop.message);
    this.logger.log({ jobId }, 'analysis stopped: the job was cancelled');
  }

  /** The proposed mapping's converter, when the mapping is sound enough to check rows with. */
  private async validation(
    job: ImportJobEntity,
    conn: NocoBaseConnection,
    description: CollectionDescription,
    table: SheetTable,
    proposal: Record<string, string | null>,
    targets: Record<string, CollectionDescription>,
    /** The saved plan's options, or the proposal's. */
    plan: Omit<ImportPlan, 'sheets'>,
    /** The saved plan's sheet; undefined for a proposal. */
    planned: ImportPlan['sheets'][number] | undefined,
    others: OtherSheetRecords,
  ): Promise<SheetValidation | null> {
    const mapping = columnMapping(table, proposal);
    if (!Object.keys(mapping).length) return null;
    // Plan-level problems (a required field no column fills…) are shown beside the row checks.
    const mode = plan.mode;
    // A proposal has keys only when it takes over an earlier import's plan (a result file uploaded again).
    const keyFields = planned ? sheetKeyFields(plan, planned) : plan.key_fields;
    const mappingProblems = checkMapping(description, mapping, mode, keyFields, { columns: table.columns, targets }).map((p) => p.message);
    // NocoBase making ids with our worker id would make new rows fail on taken ids: say so before the run.
    const workerIds = await this.workerIds.check(conn, description);
    if (workerIds.warning) mappingProblems.push(workerIds.warning);
    const facts = await this.facts.read(conn, description);
    // As the run converts them: the plan's (or the proposal's) dates, decimals and empty cells.
    const converter = new RowConverter(description, mapping, { columns: table.columns, maxLengths: facts.maxLengths, ...planConversion(plan) });
    const plans = converter.relationPlans(targets);
    // A row may name the record an earlier row creates, as in the run (where BatchRecords does it per batch); an update creates none.
    const earlier = modeInserts(mode) ? new EarlierRecords(description.name, plans, undefined, others) : null;
    // Keys are joined to the table on their first field: through its index when it has one.
    const probed = <T>(fields: CollectionField[], lookUp: (client: PoolClient) => Promise<T>) =>
      this.pools.withClient(conn, (client) => withIndexProbes(client, facts.indexedColumns.has(fields[0]?.column ?? ''), () => lookUp(client)));
    return {
      converter,
      mappingProblems,
      earlier,
      resolve: (rows) => this.resolver.resolve(conn, plans, rows, earlier),
      uniques: new UniqueValueCheck(description, mapping, (field, texts) => this.pools.withClient(conn, (client) => existingValues(client, description, field, texts))),
      keys: new KeyMatchCheck(description, Object.values(mapping), mode, keyFields, (fields, keys) => probed(fields, (client) => existingKeys(client, description, fields, keys)), {
        like: (field, texts) => this.pools.withClient(conn, (client) => caseInsensitiveValues(client, description, field, texts)),
        changes: (keys, compared, rows, keepEmpty) => probed(keys, (client) => recordChanges(client, description, facts.columnTypes, keys, compared, rows, keepEmpty)),
        keepEmpty: plan.empty_cells === 'keep',
      }),
      suggest: async (field, values) => {
        const plan = plans.find((p) => p.field.name === field);
        return plan ? this.suggestions.suggest(conn, plan, values) : new Map<string, string[]>();
      },
    };
  }

  private async fail(jobId: string, message: string): Promise<void> {
    this.logger.warn({ jobId, reason: message }, 'analysis failed');
    const job = await this.jobs.findById(jobId);
    if (!job) return;
    // A check again (the file was read before) that cannot finish leaves the job ready with its last preview, saying why.
    const change = job.analysis
      ? { status: 'ready' as const, error: `The rows could not be checked again: ${message}` }
      : { status: 'failed' as const, error: message, finishedAt: new Date() };
    if (await this.jobs.transition(jobId, ['analysing'], change)) this.progress.publish({ job_id: jobId, status: change.status, progress: job.progress, error: change.error });
  }
}

type PreparedSheet = Awaited<ReturnType<JobAnalyser['prepare']>> & { table: SheetTable | null };

/** The sheets in the order the run writes them (sheets left out last); in file order where relations cannot order them (a cycle, which the start refuses). */
function analysisOrder(prepared: PreparedSheet[]): PreparedSheet[] {
  const descriptions = new Map(prepared.flatMap((p) => (p.description ? [[p.description.name, p.description] as const] : [])));
  try {
    const ordered = orderSheets(
      prepared.map((p) => ({ sheet: p.name, collection: p.collection, mapping: p.proposal })),
      descriptions,
    ).map((plan) => prepared.find((p) => p.name === plan.sheet) as PreparedSheet);
    return [...ordered, ...prepared.filter((p) => !ordered.includes(p))];
  } catch {
    return prepared;
  }
}
