import { z } from 'zod';

/**
 * A UUID as PostgreSQL writes one, in lower case: ids are also compared as text (the caller's own id,
 * the ids a query answered), where "19976F9F-…" must be the same id as "19976f9f-…".
 */
export const uuid = (params?: Parameters<typeof z.uuid>[0]) => z.uuid(params).toLowerCase();
