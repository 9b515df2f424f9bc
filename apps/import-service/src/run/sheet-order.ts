import { AppError, type CollectionDescription, type CollectionField, type SheetPlan } from '@intake/contracts';

/**
 * Sheets in relation order: a sheet whose collection others point at (belongsTo, belongsToMany) goes
 * first, so their relation cells can find the records it creates. When two sheets map the two sides
 * of one many-to-many link, neither waits for the other (the links can be written from either
 * side). A cycle between sheets is refused before anything is written.
 */
export function orderSheets(sheets: readonly SheetPlan[], descriptions: ReadonlyMap<string, CollectionDescription>): SheetPlan[] {
  const mapped = sheets.filter((s) => s.collection !== null);
  const bySheet = new Map(mapped.map((s) => [s.sheet, s]));
  const relations = (sheet: SheetPlan): CollectionField[] => {
    const used = new Set(Object.values(sheet.mapping).filter((f): f is string => f !== null).map((f) => f.split('.')[0]));
    return (descriptions.get(sheet.collection as string)?.fields ?? []).filter((f) => used.has(f.name) && (f.relation?.type === 'belongsTo' || f.relation?.type === 'belongsToMany'));
  };
  const linkTable = (f: CollectionField) => (f.relation?.type === 'belongsToMany' && f.relation.through ? `${f.relation.through.schema}.${f.relation.through.name}` : null);
  const dependsOn = (sheet: SheetPlan): SheetPlan[] =>
    mapped.filter((other) => {
      if (other === sheet) return false;
      const reverse = new Set(relations(other).map(linkTable));
      return relations(sheet).some((f) => f.relation?.target === other.collection && !(linkTable(f) && reverse.has(linkTable(f))));
    });
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

/** The plan's sheets in an order a run recorded (its checkpoint); null when the plan no longer has exactly those sheets. */
export function sheetsInOrder(sheets: readonly SheetPlan[], order: readonly string[] | undefined): SheetPlan[] | null {
  if (!order) return null;
  const mapped = sheets.filter((s) => s.collection !== null);
  const ordered = order.map((name) => mapped.find((s) => s.sheet === name));
  return ordered.length === mapped.length && ordered.every((s) => s !== undefined) ? (ordered as SheetPlan[]) : null;
}
