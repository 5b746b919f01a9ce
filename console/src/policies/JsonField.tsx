import type { FieldProps } from '@rjsf/utils';
import { useState } from 'react';

/**
 * A free-form JSON object (a rule's MongoDB-style `conditions`) edited as JSON text: the schema
 * checks its attributes per subject, which a generated form of nested anyOf choices would hide.
 */
export function JsonField({ formData, onChange, fieldPathId, schema }: FieldProps) {
  const [text, setText] = useState(() => (formData === undefined ? '' : JSON.stringify(formData)));
  const [problem, setProblem] = useState<string | null>(null);
  const update = (next: string) => {
    setText(next);
    if (next.trim() === '') {
      setProblem(null);
      onChange(undefined, fieldPathId.path);
      return;
    }
    try {
      onChange(JSON.parse(next) as unknown, fieldPathId.path);
      setProblem(null);
    } catch {
      setProblem('not valid JSON yet');
    }
  };
  return (
    <div className="json-field">
      <label htmlFor={fieldPathId.$id}>{schema.title ?? 'conditions'} (JSON)</label>
      <textarea id={fieldPathId.$id} rows={2} value={text} onChange={(event) => update(event.target.value)} />
      {problem && <span className="error">{problem}</span>}
    </div>
  );
}
