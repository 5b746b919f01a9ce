import type { PolicyDocument } from './operations.ts';

const list = (value: string | string[]) => (Array.isArray(value) ? value.join(', ') : value);

/** Every rule of every role with its reason: what the policy allows or forbids, and why. */
export function RuleReasons({ document }: { document: PolicyDocument }) {
  const rows = Object.entries(document.roles ?? {}).flatMap(([role, rules]) => rules.map((rule, index) => ({ role, index, rule })));
  return (
    <table aria-label="Rules and their reasons">
      <thead>
        <tr>
          <th>role</th>
          <th>#</th>
          <th>effect</th>
          <th>action</th>
          <th>subject</th>
          <th>conditions</th>
          <th>reason</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ role, index, rule }) => (
          <tr key={`${role}/${index}`}>
            <td>{role}</td>
            <td>{index}</td>
            <td>{rule.inverted ? 'cannot' : 'can'}</td>
            <td>{list(rule.action)}</td>
            <td>{list(rule.subject)}</td>
            <td>
              <code>{rule.conditions ? JSON.stringify(rule.conditions) : ''}</code>
            </td>
            <td>{rule.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
