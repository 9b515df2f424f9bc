import { uuid } from './ids';
import { z } from 'zod';

/**
 * Durable work on JetStream work queues: which stream holds a subject, and the one schema its
 * payload must satisfy. Payloads carry ids and object-storage keys, never file bytes.
 */
export const WORK_STREAMS = {
  IMPORT_JOBS: { subjects: ['import.work.*'] },
  DOC_JOBS: { subjects: ['docs.work.*'] },
} as const;
export type WorkStream = keyof typeof WORK_STREAMS;

export const WORK = {
  'import.work.analyse': { stream: 'IMPORT_JOBS', payload: z.object({ job_id: uuid() }) },
  'import.work.run': { stream: 'IMPORT_JOBS', payload: z.object({ job_id: uuid() }) },
  // An owner's jobs behind one of theirs already waiting or in hand: worked while no other owner's job waits.
  'import.work.analyse_bulk': { stream: 'IMPORT_JOBS', payload: z.object({ job_id: uuid() }) },
  'import.work.run_bulk': { stream: 'IMPORT_JOBS', payload: z.object({ job_id: uuid() }) },
  'import.work.rollback': { stream: 'IMPORT_JOBS', payload: z.object({ job_id: uuid() }) },
  // generation: which processing request this is; an older one (superseded by a re-process) is dropped.
  'docs.work.process': { stream: 'DOC_JOBS', payload: z.object({ document_id: uuid(), generation: z.number().int().positive() }) },
  // The same work for an owner with many documents waiting already: it runs only while a worker is free (see WorkSlots).
  'docs.work.bulk': { stream: 'DOC_JOBS', payload: z.object({ document_id: uuid(), generation: z.number().int().positive() }) },
} as const;
export type WorkSubject = keyof typeof WORK;
export type WorkPayloadOf<S extends WorkSubject> = z.output<(typeof WORK)[S]['payload']>;
