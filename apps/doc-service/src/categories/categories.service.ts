import { Injectable } from '@nestjs/common';
import { AppError, type Category } from '@intake/contracts';
import { isForeignKeyViolation } from '@intake/db';
import { randomUUID } from 'node:crypto';
import { CategoriesRepository, type CategoryRecord } from './categories.repository';

/** Categories one user may have: the list is answered whole, and each is a filter in the documents page. */
export const MAX_CATEGORIES_PER_USER = 1000;

const view = (c: CategoryRecord): Category => ({ id: c.id, name: c.name, created_at: c.created_at.toISOString(), document_count: c.document_count ?? 0 });

/** A user's own categories; another user's look exactly like missing ones (404), so ids don't leak. */
@Injectable()
export class CategoriesService {
  constructor(private readonly categories: CategoriesRepository) {}

  async list(ownerId: string) {
    return (await this.categories.list(ownerId)).map(view);
  }

  async create(ownerId: string, name: string) {
    const created = await this.categories.insert(randomUUID(), ownerId, name, MAX_CATEGORIES_PER_USER);
    if (created === 'full') {
      throw new AppError('CONFLICT', `You have ${MAX_CATEGORIES_PER_USER} categories, the most one user may have: delete or rename one instead`, { field: 'name' });
    }
    if (!created) throw new AppError('CONFLICT', `You already have a category named "${name}"`, { field: 'name' });
    return view(created);
  }

  async rename(ownerId: string, id: string, name: string) {
    const renamed = await this.categories.rename(ownerId, id, name);
    if (renamed === undefined) throw notFound(id);
    if (renamed === null) throw new AppError('CONFLICT', `You already have a category named "${name}"`, { field: 'name' });
    return view(renamed);
  }

  async delete(ownerId: string, id: string): Promise<void> {
    if (!(await this.categories.delete(ownerId, id))) throw notFound(id);
  }

  async assign(ownerId: string, id: string, documentIds: string[]) {
    const ids = await this.checkBulk(ownerId, id, documentIds);
    const changed = await this.categories.assign(id, ids).catch(async (error: unknown) => {
      // A document or the category deleted between the check and the insert: the check, made again, names it.
      if (isForeignKeyViolation(error)) await this.checkBulk(ownerId, id, documentIds);
      throw error;
    });
    return { category_id: id, documents: ids.length, changed };
  }

  async remove(ownerId: string, id: string, documentIds: string[]) {
    const ids = await this.checkBulk(ownerId, id, documentIds);
    return { category_id: id, documents: ids.length, changed: await this.categories.remove(id, ids) };
  }

  /** Every category id must be the owner's; answers with a 404 naming the ones that are not. */
  async requireOwned(ownerId: string, categoryIds: string[]): Promise<void> {
    const owned = await this.categories.ownedIds(ownerId, categoryIds);
    const missing = categoryIds.filter((c) => !owned.has(c));
    if (missing.length) throw new AppError('NOT_FOUND', `Category not found: ${listed(missing)}`, { category_ids: missing });
  }

  private async checkBulk(ownerId: string, id: string, documentIds: string[]): Promise<string[]> {
    await this.requireOwned(ownerId, [id]);
    const ids = [...new Set(documentIds)];
    const owned = await this.categories.ownedDocumentIds(ownerId, ids);
    const missing = ids.filter((d) => !owned.has(d));
    if (missing.length) throw new AppError('NOT_FOUND', `Document not found: ${listed(missing)}; nothing was changed`, { document_ids: missing });
    return ids;
  }
}

/** The first ids, for a message; `details` carries them all (a request may name a thousand). */
function listed(ids: string[]): string {
  return ids.length > 5 ? `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more` : ids.join(', ');
}

function notFound(id: string): AppError {
  return new AppError('NOT_FOUND', `Category ${id} not found`);
}
