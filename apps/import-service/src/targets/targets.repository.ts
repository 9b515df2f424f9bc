import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TargetEntity } from './target.entity';

export type NewTarget = Pick<TargetEntity, 'kind' | 'name' | 'settings' | 'secrets' | 'createdBy'>;
export type TargetChanges = Partial<Pick<TargetEntity, 'name' | 'settings' | 'secrets'>>;

@Injectable()
export class TargetsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(TargetEntity);
  }

  list(): Promise<TargetEntity[]> {
    return this.repo.find({ order: { name: 'ASC' } });
  }

  findById(id: string): Promise<TargetEntity | null> {
    return this.repo.findOneBy({ id });
  }

  create(target: NewTarget): Promise<TargetEntity> {
    return this.repo.save(this.repo.create(target));
  }

  async update(id: string, changes: TargetChanges): Promise<void> {
    if (Object.keys(changes).length) await this.repo.update({ id }, changes);
  }

  async delete(id: string): Promise<boolean> {
    return ((await this.repo.delete({ id })).affected ?? 0) > 0;
  }
}
