import { AppError, type CollectionDescription, type SheetPlan } from '@intake/contracts';

/**
 * Sheets in belongsTo order: a sheet whose collection others point at goes first, so their relation
 * cells can find the records it creates. A cycle between sheets is refused before anything is written.
 */
export function orderSheets(sheets: readonly SheetPlan[], descriptions: ReadonlyMap<string, CollectionDescription>): SheetPlan[] {
  const mapped = sheets.filter((s) => s.collection !== null);
  const bySheet = new Map(mapped.map((s) => [s.sheet, s]));
  const dependsOn = (sheet: SheetPlan): SheetPlan[] => {
    const description = descriptions.get(sheet.collection as string);
    const used = new Set(Object.values(sheet.mapping).filter((f): f is string => f !== null).map((f) => f.split('.')[0]));
    const targets = new Set(
      (description?.fields ?? []).filter((f) => used.has(f.name) && f.relation?.type === 'belongsTo').map((f) => f.relation?.target),
    );
    return mapped.filter((other) => other !== sheet && targets.has(other.collection as string));
  };
  const ordered: SheetPlan[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (sheet: SheetPlan, path: string[]) => {
    if (state.get(sheet.sheet) === 'done') return;
    if (state.get(sheet.sheet) === 'visiting') {
      throw new AppError('VALIDATION_FAILED', `Sheets refer to each other in a cycle: ${[...path, sheet.sheet].join(' → ')}; import one of them first without its relation column`);
    }
    state.set(sheet.sheet, 'visiting');
    for (const dependency of dependsOn(sheet)) visit(dependency, [...path, sheet.sheet]);
    state.set(sheet.sheet, 'done');
    ordered.push(bySheet.get(sheet.sheet) as SheetPlan);
  };
  for (const sheet of mapped) visit(sheet, []);
  return ordered;
}
