import { z } from 'zod';

export const ServiceHealthSchema = z.object({
  service: z.string(),
  status: z.enum(['up', 'down']),
  /** unknown: the service did not answer, so nothing is known of its database. */
  database: z.enum(['up', 'down', 'unknown']),
  uptime_seconds: z.number(),
});
export type ServiceHealth = z.infer<typeof ServiceHealthSchema>;
