import { useMemo, useState } from 'react';
import { ErrorMessage } from '../common/ErrorMessage.tsx';
import { EMERGENCY_ACCESSES, type EmergencyAccess } from './operations.ts';
import { Pager } from './Pager.tsx';
import { usePages } from './use-pages.ts';

/** Emergency accesses (break the glass) to EHRs of the admin's organisation, newest first, since a date. */
export function EmergencyAccesses() {
  const [since, setSince] = useState('');
  const variables = useMemo(() => ({ since: since ? new Date(since).toISOString() : null }), [since]);
  const pages = usePages<EmergencyAccess>(EMERGENCY_ACCESSES, variables);
  return (
    <section aria-label="Emergency accesses">
      <h2>Emergency accesses</h2>
      <label>
        Since <input aria-label="Since" type="date" value={since} onChange={(event) => setSince(event.target.value)} />
      </label>
      <ErrorMessage error={pages.error} />
      {pages.loaded && pages.rows.length === 0 && !pages.error ? (
        <p>No emergency accesses.</p>
      ) : (
        <table aria-label="Emergency accesses">
          <thead>
            <tr>
              <th>started</th>
              <th>caller</th>
              <th>EHR</th>
              <th>reason</th>
              <th>until</th>
              <th>reads</th>
            </tr>
          </thead>
          <tbody>
            {pages.rows.map((access) => (
              <tr key={access.id}>
                <td>{new Date(access.startedAt).toLocaleString()}</td>
                <td>
                  {access.sub} ({access.roles.join(' ')}) · {access.org}
                </td>
                <td>
                  <code>{access.ehrId}</code>
                </td>
                <td>{access.reason}</td>
                <td>
                  {new Date(access.expiresAt).toLocaleString()}
                  {access.active ? ' (active)' : ''}
                </td>
                <td>{access.readCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager pages={pages} />
    </section>
  );
}
