import { NameSchema } from '@intake/contracts';
import { z } from 'zod';

export const CategoryNameSchema = z.strictObject({ name: NameSchema });
export type CategoryNameInput = z.output<typeof CategoryNameSchema>;
