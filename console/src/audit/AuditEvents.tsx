import { useMemo, useState } from 'react';
import { ErrorMessage } from '../common/ErrorMessage.tsx';
import { AUDIT_EVENTS, type AuditEvent } from './operations.ts';
import { Pager } from './Pager.tsx';
import { usePages } from './use-pages.ts';

interface Filter {
  service: 'clinical' | 'demographic';
  decision: 'denied' | 'allowed' | 'all';
  sub: string;
  action: string;
  subjectType: string;
}

/** The server-side filter (AuditEventFilter) of the form's fields. */
function auditFilter(filter: Filter) {
  return {
    ...(filter.decision === 'all' ? {} : { allowed: filter.decision === 'allowed' }),
    ...(filter.sub ? { sub: filter.sub } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.subjectType ? { subjectType: filter.subjectType } : {}),
  };
}

function EventRows({ rows }: { rows: AuditEvent[] }) {
  return (
    <table aria-label="Audit events">
      <thead>
        <tr>
          <th>at</th>
          <th>caller</th>
          <th>decision</th>
          <th>action</th>
          <th>subject</th>
          <th>reason</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((event) => (
          <tr key={event.id}>
            <td>{new Date(event.at).toLocaleString()}</td>
            <td>
              {event.sub} ({event.roles.join(' ')}) · {event.org ?? 'no org'}
              {event.purpose ? ` · ${event.purpose}` : ''}
            </td>
            <td className={event.allowed ? 'ok' : 'error'}>{event.allowed ? 'allowed' : 'denied'}</td>
            <td>{event.action}</td>
            <td>
              {event.subjectType} <code>{event.subjectIds.join(' ')}</code>
            </td>
            <td>{event.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Recent audit events of one service, denials first by default, filterable and paged. */
export function AuditEvents() {
  const [filter, setFilter] = useState<Filter>({ service: 'clinical', decision: 'denied', sub: '', action: '', subjectType: '' });
  const variables = useMemo(() => ({ filter: auditFilter(filter) }), [filter]);
  const pages = usePages<AuditEvent>(AUDIT_EVENTS[filter.service], variables);
  const field = (key: keyof Filter) => (value: string) => setFilter({ ...filter, [key]: value });

  return (
    <section aria-label="Audit events">
      <h2>Audit events</h2>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          Service{' '}
          <select aria-label="Service" value={filter.service} onChange={(event) => field('service')(event.target.value)}>
            <option>clinical</option>
            <option>demographic</option>
          </select>
        </label>
        <label>
          Decision{' '}
          <select aria-label="Decision" value={filter.decision} onChange={(event) => field('decision')(event.target.value)}>
            <option value="denied">denied</option>
            <option value="allowed">allowed</option>
            <option value="all">all</option>
          </select>
        </label>
        {(['sub', 'action', 'subjectType'] as const).map((key) => (
          <label key={key}>
            {key} <input aria-label={key} value={filter[key]} onChange={(event) => field(key)(event.target.value)} />
          </label>
        ))}
      </form>
      <ErrorMessage error={pages.error} />
      {pages.loaded && pages.rows.length === 0 && !pages.error ? <p>No events.</p> : <EventRows rows={pages.rows} />}
      <Pager pages={pages} />
    </section>
  );
}
