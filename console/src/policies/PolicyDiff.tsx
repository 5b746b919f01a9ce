import type { Change } from './policy-diff.ts';

const show = (value: unknown) => (value === undefined ? '' : JSON.stringify(value));

/** The edit against the policy in force, one changed value per row. */
export function PolicyDiff({ changes }: { changes: readonly Change[] }) {
  if (changes.length === 0) return <p>No changes against the policy in force.</p>;
  return (
    <table aria-label="Changes against the policy in force">
      <thead>
        <tr>
          <th>where</th>
          <th>in force</th>
          <th>edited</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr key={change.pointer}>
            <td>
              <code>{change.pointer}</code>
            </td>
            <td className="diff-remove">{show(change.before)}</td>
            <td className="diff-add">{show(change.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
