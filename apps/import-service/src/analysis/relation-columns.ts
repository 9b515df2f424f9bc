import { type CollectionDescription, matchColumnToField, normalizeHeader } from '@intake/contracts';
import type { ColumnInfo } from '@intake/tabular';
import { mappableFields } from './collection-proposal';

/**
 * Columns the name-matching left out whose header is a relation and a field of its collection,
 * "Customer e-mail" or "Product SKU": proposed as `customer.email`, `product.sku`, so the rows find
 * the record they name by that field. A relation goes to one column at most, and never to one
 * already mapped. `describe` answers the related collection, or null when it cannot be read: the
 * column is then proposed as the relation alone, for linkedCollections to leave out with its reason.
 */
export async function proposeRelationColumns(
  columns: readonly ColumnInfo[],
  description: CollectionDescription,
  proposed: Record<string, string | null>,
  describe: (collection: string) => Promise<CollectionDescription | null>,
): Promise<Record<string, string | null>> {
  const proposal = { ...proposed };
  const relations = mappableFields(description).filter((f) => f.relation?.type === 'belongsTo' || f.relation?.type === 'belongsToMany');
  const taken = new Set(Object.values(proposal).flatMap((v) => (v ? [v.split('.')[0]] : [])));
  for (const column of columns) {
    if (column.generated || proposal[column.letter]) continue;
    const key = normalizeHeader(column.name);
    for (const relation of relations.filter((r) => !taken.has(r.name))) {
      const prefix = [relation.title, relation.name].map(normalizeHeader).find((p) => p && key.startsWith(p) && key.length > p.length);
      if (!prefix || !relation.relation) continue;
      const target = await describe(relation.relation.target);
      if (!target) {
        // Unreadable: proposed by the relation alone, which linkedCollections then leaves out saying why (not without a word).
        proposal[column.letter] = relation.name;
        taken.add(relation.name);
        break;
      }
      // A field of its own column (not a relation of the related collection) that records can be found by.
      const fields = target.fields.filter((f) => f.column !== null && !f.relation && !f.hidden && !f.system);
      const field = matchColumnToField(key.slice(prefix.length), fields, target);
      if (!field) continue;
      proposal[column.letter] = `${relation.name}.${field.name}`;
      taken.add(relation.name);
      break;
    }
  }
  return proposal;
}
