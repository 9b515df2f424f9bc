import { Injectable } from '@nestjs/common';
import { AppError, type Caller, type CollectionDescription, type ImportPlan } from '@intake/contracts';
import { NocoBaseService } from '../nocobase/nocobase.service';
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

  /** The descriptions of the plan's collections, by name, once the plan is known to be sound. */
  async check(caller: Caller, job: ImportJobEntity, plan: ImportPlan): Promise<Map<string, CollectionDescription>> {
    const problems: PlanProblem[] = [];
    const descriptions = new Map<string, CollectionDescription>();
    const sheets = new Map((job.analysis?.sheets ?? []).map((s) => [s.name, s]));
    if (!isTimeZone(plan.time_zone)) problems.push({ field: 'time_zone', message: `'${plan.time_zone}' is not a known time zone` });
    if (plan.sheets.every((s) => s.collection === null)) problems.push({ field: 'sheets', message: 'no sheet is mapped to a collection' });
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
        throw new AppError('FORBIDDEN', `You may read but not import into collection '${description.name}'; ask an administrator for a write grant`);
      }
      const letters = new Set(sheet.columns.map((c) => c.letter));
      const seen = new Map<string, string>();
      for (const [letter, fieldName] of Object.entries(sheetPlan.mapping)) {
        if (!letters.has(letter)) problems.push({ field: `${at}.mapping.${letter}`, message: `sheet '${sheet.name}' has no column ${letter}` });
        if (fieldName === null) continue;
        const field = description.fields.find((f) => f.name === fieldName);
        if (!field) problems.push({ field: `${at}.mapping.${letter}`, message: `collection '${description.name}' has no field '${fieldName}'` });
        else if (field.system) problems.push({ field: `${at}.mapping.${letter}`, message: `'${fieldName}' is set by NocoBase itself and cannot be imported` });
        else if (!field.column && field.relation?.type !== 'belongsTo') {
          problems.push({ field: `${at}.mapping.${letter}`, message: `'${fieldName}' is a ${field.relation?.type ?? field.type} field without a column of its own` });
        }
        const other = seen.get(fieldName);
        if (other) problems.push({ field: `${at}.mapping.${letter}`, message: `columns ${other} and ${letter} both map to '${fieldName}'` });
        seen.set(fieldName, letter);
      }
      if (plan.mode !== 'insert') {
        if (!plan.key_fields.length) problems.push({ field: 'key_fields', message: `mode ${plan.mode} needs key fields that identify existing records` });
        for (const key of plan.key_fields) {
          if (!seen.has(key)) problems.push({ field: 'key_fields', message: `key field '${key}' is not mapped in sheet '${sheet.name}'` });
        }
      }
    }
    if (problems.length) {
      throw new AppError('VALIDATION_FAILED', `Invalid plan: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, { fields: problems });
    }
    return descriptions;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
