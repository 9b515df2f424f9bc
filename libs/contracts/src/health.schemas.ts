import { z } from 'zod';

export const ServiceHealthSchema = z.object({
  service: z.string(),
  status: z.enum(['up', 'down']),
  database: z.enum(['up', 'down']),
  uptime_seconds: z.number(),
});
export type ServiceHealth = z.infer<typeof ServiceHealthSchema>;
