'use client';
import Link from 'next/link';
import { formatBytes, formatWhen } from '../documents/format';
import type { ImportJobSummary } from '../types';
import { DeleteJob } from './delete-job';
import { JobBadge, outcomeText, plural, rowsText } from './job-status';

export interface JobTableProps {
  jobs: ImportJobSummary[];
  targetNames: Map<string, string>;
  /** An admin's list, which holds everyone's imports: who uploaded each, by user id. */
  owners: Map<string, string> | null;
  /** Not a reader: each job the API lets them delete offers "Delete". */
  canWrite: boolean;
  onDeleted: () => void;
  onProblem: (message: string | null) => void;
}

/** The history: each job with where it stands, newest first. */
export function JobTable({ jobs, targetNames, owners, canWrite, onDeleted, onProblem }: JobTableProps) {
  return (
    <div className="table-wrap">
      <table className="imports">
        <thead>
          <tr>
            <th>File</th>
            {owners && <th>By</th>}
            <th>Into</th>
            <th>Status</th>
            <th>Rows</th>
            <th>Uploaded</th>
            {canWrite && <th><span className="visually-hidden">Actions</span></th>}
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id} data-testid={`job-${job.id}`}>
              <td>
                <Link href={`/imports/view/?id=${job.id}`}>{job.file.name}</Link> <span className="muted small">{formatBytes(job.file.size)}{job.mode && ` · ${job.mode}`}{job.collections.length > 0 && ` into ${job.collections.join(', ')}`}</span>
              </td>
              {owners && <td>{owners.get(job.owner_id) ?? <span className="muted">a deleted user</span>}</td>}
              <td>{targetNames.get(job.target_id) ?? <span className="muted">a database you may no longer use</span>}</td>
              <td className="words"><JobBadge job={job} /></td>
              <td>{job.started_at ? `${rowsText(job.progress)}: ${outcomeText(job.progress)}` : job.progress.rows_total !== null ? plural(job.progress.rows_total, 'row') : ''}</td>
              <td className="date">{formatWhen(job.created_at)}</td>
              {canWrite && <td><DeleteJob job={job} onDeleted={onDeleted} onProblem={onProblem} className="link" /></td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
