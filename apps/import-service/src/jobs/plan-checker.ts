import { Injectable } from '@nestjs/common';
import { AppError, type Caller, type CollectionDescription, type ImportPlan, sheetKeyFields } from '@intake/contracts';

const MAX_PROBLEMS_SHOWN = 20;
const MAX_PROBLEMS_LISTED = 500;
import { namesRecords } from '../nocobase-writer/field-kind';
import { checkMapping } from '../nocobase-writer/mapping-check';
import { notWritable } from '../nocobase/collection-describer';
import { orderSheets } from '../run/sheet-order';
import { NocoBaseService } from '../nocobase/nocobase.service';
import { notFoundAsNull, unreadableLink } from '../nocobase/unreadable-links';
import type { ImportJobEntity } from './import-job.entity';

export interface PlanProblem {
  field: string;
  message: string;
}

/**
 * Checks a plan against the analysed file and the live collections before anything runs, so a
 * wrong mapping is a 400 naming the sheet, column and field instead of a million failed rows.
 */
@Injectable()
export class PlanChecker {
  constructor(private readonly nocobase: NocoBaseService) {}

  /**
   * The collections the mapped relation fields look their values up in, and the fields whose
   * collection the caller may not read (by field name, with that collection).
   */
  private async relationTargets(caller: Caller, job: ImportJobEntity, description: CollectionDescription, mapped: string[]) {
    const used = relationFieldNames(mapped);
    const targets: Record<string, CollectionDescription> = {};
    const unreadable = new Map<string, string>();
    for (const field of description.fields) {
      const target = used.has(field.name) && field.relation && namesRecords(field) ? field.relation.target : null;
      if (!target || targets[target]) continue;
      if (target === description.name) targets[target] = description;
      else {
        const linked = await this.nocobase.describeLinked(caller, job.targetId, target).catch(notFoundAsNull);
        if (linked) targets[target] = linked;
        else unreadable.set(field.name, target);
      }
    }
    return { targets, unreadable };
  }

  /** The descriptions of the plan's collections, by name, once the plan is known to be sound. */
  async check(caller: Caller, job: ImportJobEntity, plan: ImportPlan): Promise<Map<string, CollectionDescription>> {
    const problems: PlanProblem[] = [];
    const descriptions = new Map<string, CollectionDescription>();
    const sheets = new Map((job.analysis?.sheets ?? []).map((s) => [s.name, s]));
    if (!isTimeZone(plan.time_zone)) problems.push({ field: 'time_zone', message: `'${plan.time_zone}' is not a known time zone` });
    if (plan.sheets.every((s) => s.collection === null)) problems.push({ field: 'sheets', message: 'no sheet is mapped to a collection' });
    // One entry a sheet: a second would run instead of the first (the run keys its progress by sheet).
    plan.sheets.forEach((s, index) => {
      if (plan.sheets.findIndex((other) => other.sheet === s.sheet) < index) problems.push({ field: `sheets.${index}.sheet`, message: `sheet '${s.sheet}' is listed twice` });
    });
    for (const [i, sheetPlan] of plan.sheets.entries()) {
      const at = `sheets.${i}`;
      const sheet = sheets.get(sheetPlan.sheet);
      if (!sheet) {
        problems.push({ field: `${at}.sheet`, message: `the file has no sheet '${sheetPlan.sheet}'` });
        continue;
      }
      if (sheetPlan.collection === null) continue;
      const description = descriptions.get(sheetPlan.collection) ?? (await this.nocobase.describe(caller, job.targetId, sheetPlan.collection));
      descriptions.set(description.name, description);
      if (!description.can_write) {
        throw new AppError('FORBIDDEN', notWritable(description));
      }
      // Otherwise every row would become a record with nothing in it.
      if (!Object.values(sheetPlan.mapping).some((field) => field !== null)) {
        problems.push({ field: at, message: `sheet '${sheet.name}' maps no column to a field of '${description.name}'; map at least one, or leave the sheet out` });
        continue;
      }
      const indexOf = new Map(sheet.columns.map((c) => [c.letter, c.index]));
      const mapping: Record<number, string> = {};
      for (const [letter, fieldName] of Object.entries(sheetPlan.mapping)) {
        const index = indexOf.get(letter);
        if (index === undefined) problems.push({ field: `${at}.mapping.${letter}`, message: `sheet '${sheet.name}' has no column ${letter}` });
        else if (fieldName !== null) mapping[index] = fieldName;
      }
      const { targets, unreadable } = await this.relationTargets(caller, job, description, Object.values(mapping));
      for (const [letter, fieldName] of Object.entries(sheetPlan.mapping)) {
        const target = fieldName === null ? undefined : unreadable.get(fieldName.split('.')[0]);
        if (target) problems.push({ field: `${at}.mapping.${letter}`, message: unreadableLink(fieldName as string, target) });
      }
      if (unreadable.size) continue;
      const columns = sheet.columns.map((c) => ({ index: c.index, letter: c.letter, name: c.name, generated: false }));
      const keysAt = sheetPlan.key_fields ? `${at}.key_fields` : 'key_fields';
      for (const problem of checkMapping(description, mapping, plan.mode, sheetKeyFields(plan, sheetPlan), { columns, targets })) {
        if (problem.severity !== 'error') continue;
        const letter = problem.column === undefined ? undefined : sheet.columns.find((c) => c.index === problem.column)?.letter;
        const isKey = problem.code.startsWith('KEY');
        // A plan of several sheets says which one a key problem is about.
        const message = isKey && plan.sheets.filter((s) => s.collection !== null).length > 1 ? `sheet '${sheet.name}': ${problem.message}` : problem.message;
        problems.push({ field: letter ? `${at}.mapping.${letter}` : isKey ? keysAt : at, message });
      }
    }
    if (problems.length) {
      // The first ones say what is wrong; thousands (a mapping of every column a sheet lacks) would not fit in one answer.
      const shown = problems.slice(0, MAX_PROBLEMS_SHOWN);
      const more = problems.length > shown.length ? `; and ${problems.length - shown.length} more` : '';
      throw new AppError('VALIDATION_FAILED', `Invalid plan: ${shown.map((p) => `${p.field}: ${p.message}`).join('; ')}${more}`, { fields: problems.slice(0, MAX_PROBLEMS_LISTED) });
    }
    // Sheets that point at each other in a cycle are refused now, not when the job runs.
    orderSheets(plan.sheets, descriptions);
    return descriptions;
  }
}

/** The fields the plan's mapped names belong to ("customer.email" is a relation field's lookup). */
function relationFieldNames(mapped: string[]): Set<string> {
  return new Set(mapped.map((f) => f.split('.')[0]));
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
