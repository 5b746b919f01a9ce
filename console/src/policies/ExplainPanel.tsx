import { useState, type SyntheticEvent } from 'react';
import { consoleConfig } from '../common/config.ts';
import { ErrorMessage } from '../common/ErrorMessage.tsx';
import { graphql } from '../common/graphql.ts';
import { EXPLAIN_ACCESS, type AccessExplanation } from './operations.ts';
import { resourceAttributes, words, type ResourceInput } from './resource.ts';

const ACTIONS = ['read', 'create', 'update', 'delete', 'execute', 'link', 'manage'];
const SUBJECTS = ['Ehr', 'Composition', 'Entry', 'Patient', 'StoredQuery', 'Template', 'AuditEvent', 'Token', 'Policy'];

interface CallerForm {
  roles: string;
  org: string;
  purpose: string;
  scopes: string;
  action: string;
}

function TextInput({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  return (
    <label>
      {label} <input aria-label={label} value={value} onChange={(event) => onChange(event.target.value)} />
    </label>
  );
}

function Choice({ label, value, options, onChange }: { label: string; value: string; options: string[]; onChange: (value: string) => void }) {
  return (
    <label>
      {label}{' '}
      <select aria-label={label} value={value} onChange={(event) => onChange(event.target.value)}>
        {options.map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
    </label>
  );
}

/** "What can this caller see?": the server decides with the policy in force and names the deciding rule. */
export function ExplainPanel() {
  const [caller, setCaller] = useState<CallerForm>({ roles: 'nurse', org: 'org-a', purpose: '', scopes: '', action: 'read' });
  const [resource, setResource] = useState<ResourceInput>({ subject: 'Entry', organisation: 'org-a', templateId: '', codes: '' });
  const [answer, setAnswer] = useState<AccessExplanation | null>(null);
  const [error, setError] = useState<unknown>(null);
  const callerField = (key: keyof CallerForm) => (value: string) => setCaller({ ...caller, [key]: value });
  const resourceField = (key: keyof ResourceInput) => (value: string) => setResource({ ...resource, [key]: value });

  const explain = async (event: SyntheticEvent) => {
    event.preventDefault();
    setError(null);
    setAnswer(null);
    try {
      const { gatewayUrl } = await consoleConfig();
      const variables = {
        caller: {
          roles: words(caller.roles),
          org: caller.org || null,
          purpose: caller.purpose || null,
          scopes: caller.scopes ? words(caller.scopes) : null,
        },
        action: caller.action,
        subject: resource.subject,
        resource: resourceAttributes(resource),
      };
      setAnswer((await graphql<{ explainAccess: AccessExplanation }>(gatewayUrl, EXPLAIN_ACCESS, variables)).explainAccess);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section aria-label="What can this caller see?">
      <h2>What can this caller see?</h2>
      <form onSubmit={(event) => void explain(event)} className="explain">
        <TextInput label="Roles" value={caller.roles} onChange={callerField('roles')} />
        <TextInput label="Organisation" value={caller.org} onChange={callerField('org')} />
        <TextInput label="Purpose" value={caller.purpose} onChange={callerField('purpose')} />
        <TextInput label="Scopes" value={caller.scopes} onChange={callerField('scopes')} />
        <Choice label="Action" value={caller.action} options={ACTIONS} onChange={callerField('action')} />
        <Choice label="Subject" value={resource.subject} options={SUBJECTS} onChange={resourceField('subject')} />
        <TextInput label="Resource organisation" value={resource.organisation} onChange={resourceField('organisation')} />
        <TextInput label="Template" value={resource.templateId} onChange={resourceField('templateId')} />
        <TextInput label="Codes" value={resource.codes} onChange={resourceField('codes')} />
        <button type="submit">Explain</button>
      </form>
      {answer && (
        <p role="status" aria-label="Decision" className={answer.allowed ? 'ok' : 'error'}>
          {answer.allowed ? 'Allowed' : 'Denied'}
          {answer.purpose ? ` (purpose ${answer.purpose})` : ''}: {answer.reason}
        </p>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}
