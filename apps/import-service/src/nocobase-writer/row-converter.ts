import type { CollectionDescription, CollectionField, ImportPlan } from '@intake/contracts';
import type { CoerceOptions, ColumnInfo, SourceRow } from '@intake/tabular';
import { cellLocation, fieldByName, mappedColumns } from './column-mapping';
import { fieldKind } from './field-kind';
import { type FieldConversion, fieldConversion } from './field-values';
import { splitLinkCell } from './link-cells';
import type { CellError, ColumnMapping, DbValue, RelationRef } from './writer-types';

export interface RowConverterOptions extends CoerceOptions {
  /** The sheet's columns (letters and headers) for messages; letters alone without it. */
  columns?: readonly ColumnInfo[];
  /** varchar(n) lengths by column name, from TableFactsReader; longer text fails its cell instead of the batch. */
  maxLengths?: Readonly<Record<string, number>>;
  /** See FieldConversionOptions.blankKeepsValue. */
  blankKeepsValue?: boolean;
}

/** How a plan has cells read: its date order and time zone, and what a blank does in an update. */
export function planConversion(plan: Pick<ImportPlan, 'date_order' | 'decimal_mark' | 'time_zone' | 'mode' | 'empty_cells'>): Pick<RowConverterOptions, 'dateOrder' | 'decimalSeparator' | 'timeZone' | 'blankKeepsValue'> {
  return {
    dateOrder: plan.date_order === 'month-first' ? 'MDY' : 'DMY',
    decimalSeparator: plan.decimal_mark,
    timeZone: plan.time_zone,
    // A record that exists keeps what a blank required cell leaves; a row an upsert inserts is failed for it when decided (row-decisions.ts).
    blankKeepsValue: (plan.mode === 'update' || plan.mode === 'upsert') && plan.empty_cells === 'keep',
  };
}

/** A failed row keeps the refs of its relation cells that converted: they are checked too, so the row reports every problem at once. */
export type ConvertResult = { ok: true; values: Record<string, DbValue>; refs: RelationRef[] } | { ok: false; errors: CellError[]; refs: RelationRef[] };

/** A belongsTo or belongsToMany column to resolve, with the related collection: what RelationResolver needs. */
export interface RelationPlan {
  field: CollectionField;
  /** The related field the cells hold; null: its title field, then any unique field, then its id. */
  matchBy: string | null;
  target: CollectionDescription;
}

interface Cell {
  column: number;
  field: CollectionField;
  matchBy: string | null;
  convert: FieldConversion;
  /** A belongsToMany cell: a comma-separated list. */
  links: boolean;
}

/**
 * Turns spreadsheet rows into field values for one collection and one mapping, without I/O. Built
 * once per job (after checkMapping found no errors) and used for every row: every cell of a row is
 * checked, so a row reports all its problems at once. belongsTo cells come back as `refs`, to be
 * turned into ids by RelationResolver; a blank one is null right away. A belongsToMany cell gives
 * one ref per item and the value [] that RelationResolver fills with the items' keys (a blank cell:
 * no links).
 */
export class RowConverter {
  private readonly cells: Cell[];

  constructor(
    readonly description: CollectionDescription,
    mapping: ColumnMapping,
    private readonly options: RowConverterOptions = {},
  ) {
    this.cells = mappedColumns(mapping).map(({ column, field: name, matchBy }) => {
      const field = fieldByName(description, name);
      if (!field) throw new Error(`${description.name} has no field ${name}; run checkMapping first`);
      const maxLength = field.column ? options.maxLengths?.[field.column] : undefined;
      return { column, field, matchBy, convert: fieldConversion(field, { ...options, maxLength }), links: fieldKind(field) === 'links' };
    });
  }

  /** The names of the fields every converted row has a value for. */
  get fields(): string[] {
    return this.cells.map((c) => c.field.name);
  }

  /** The relation columns, each with its related collection's description (keyed by collection name). */
  relationPlans(targets: Readonly<Record<string, CollectionDescription>>): RelationPlan[] {
    return this.cells
      .filter((c) => c.field.relation)
      .map((c) => {
        const name = c.field.relation?.target ?? '';
        const target = targets[name] ?? (name === this.description.name ? this.description : undefined);
        if (!target) throw new Error(`Describe ${name} first: ${c.field.name} points at it`);
        return { field: c.field, matchBy: c.matchBy, target };
      });
  }

  convert(row: SourceRow): ConvertResult {
    const errors: CellError[] = this.rowProblems(row);
    const values: Record<string, DbValue> = {};
    const refs: RelationRef[] = [];
    for (const cell of this.cells) {
      const result = cell.convert(row.values[cell.column] ?? null);
      // Only a failing or relation cell needs its location: most cells are neither.
      if (!result.ok) errors.push({ field: cell.field.name, column: cell.column, message: `${this.where(row, cell)}: ${result.error}` });
      else if (cell.links) this.addLinks(row, cell, result.value, values, refs);
      else if (cell.field.relation && result.value !== null) refs.push({ field: cell.field.name, column: cell.column, text: String(result.value), where: this.where(row, cell) });
      else values[cell.field.name] = result.value;
    }
    return errors.length ? { ok: false, errors, refs } : { ok: true, values, refs };
  }

  private addLinks(row: SourceRow, cell: Cell, value: DbValue, values: Record<string, DbValue>, refs: RelationRef[]): void {
    values[cell.field.name] = [];
    const items = value === null ? [] : splitLinkCell(String(value));
    if (!items.length) return;
    const where = this.where(row, cell);
    for (const text of items) refs.push({ field: cell.field.name, column: cell.column, text, where });
  }

  private where(row: SourceRow, cell: Cell): string {
    return cellLocation(row.rowNumber, cell.column, cell.field, this.options.columns);
  }

  /** What the reader found wrong with the row, in the columns we use (or the whole row). */
  private rowProblems(row: SourceRow): CellError[] {
    if (!row.problems?.length) return [];
    return row.problems
      .filter((p) => p.column === undefined || this.cells.some((c) => c.column === p.column))
      .map((p) => {
        const cell = this.cells.find((c) => c.column === p.column);
        const where = cell ? cellLocation(row.rowNumber, cell.column, cell.field, this.options.columns) : `row ${row.rowNumber}`;
        // Ours names the column and field, so the reader's reason comes without its place (a sentence without one names it itself).
        return { field: cell?.field.name ?? '', column: p.column ?? -1, message: p.reason || cell ? `${where}: ${p.reason ?? p.message}` : p.message };
      });
  }
}
