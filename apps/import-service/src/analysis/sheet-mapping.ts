import type { CollectionDescription } from '@intake/contracts';
import type { SheetTable } from '@intake/tabular';
import { unreadableLink } from '../nocobase/unreadable-links';

/** An earlier plan's mapping without the fields its collection no longer has. */
export function withKnownFields(mapping: Record<string, string | null>, description: CollectionDescription): Record<string, string | null> {
  return Object.fromEntries(Object.entries(mapping).map(([letter, field]) => [letter, field && description.fields.some((f) => f.name === field.split('.')[0]) ? field : null]));
}

/** Column index → field, for the columns the proposal (or plan) maps. */
export function columnMapping(table: SheetTable, proposal: Record<string, string | null>): Record<number, string> {
  return Object.fromEntries(table.columns.flatMap((c) => (proposal[c.letter] ? [[c.index, proposal[c.letter] as string]] : [])));
}

/**
 * The collections the proposed relation columns look their values up in, and the proposal
 * without the columns whose collection the owner may not read, each with a note saying why.
 */
export async function linkedCollections(
  description: CollectionDescription,
  table: SheetTable,
  proposed: Record<string, string | null>,
  planned: boolean,
  describeLinked: (name: string) => Promise<CollectionDescription | null>,
) {
  const proposal = { ...proposed };
  const targets: Record<string, CollectionDescription> = {};
  const notes: string[] = [];
  for (const column of table.columns) {
    // A saved plan may name the related collection's field a column holds ("customer.email").
    const field = description.fields.find((f) => f.name === proposal[column.letter]?.split('.')[0]);
    const target = field?.relation?.target;
    if (!field || !target || targets[target]) continue;
    const linked = await describeLinked(target);
    if (linked) targets[target] = linked;
    else {
      notes.push(`Column ${column.letter} ('${column.name}') is not ${planned ? 'checked' : 'proposed'}: ${unreadableLink(field.name, target)}`);
      proposal[column.letter] = null;
    }
  }
  return { proposal, targets, notes };
}
