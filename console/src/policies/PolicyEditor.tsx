import Form from '@rjsf/core';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { useCallback, useEffect, useMemo, useState } from 'react';
import policySchema from '../../../schema/policy.schema.json';
import { consoleConfig } from '../common/config.ts';
import { ErrorMessage } from '../common/ErrorMessage.tsx';
import { graphql } from '../common/graphql.ts';
import { JsonField } from './JsonField.tsx';
import { ACTIVE_POLICY, APPLY_POLICY, type ActivePolicy, type PolicyDocument } from './operations.ts';
import { withoutFilledConditions } from './form-filler.ts';
import { jsonChanges } from './policy-diff.ts';
import { PolicyDiff } from './PolicyDiff.tsx';
import { RuleReasons } from './RuleReasons.tsx';
import { useServerCheck } from './use-server-check.ts';
import { policyValidator } from './validator.ts';

const schema = policySchema as RJSFSchema;
const uiSchema: UiSchema = {
  'ui:submitButtonOptions': { norender: true },
  roles: { additionalProperties: { items: { conditions: { 'ui:field': 'json' } } } },
};
const fields = { json: JsonField };
// The form shows the policy as it is: no array grown to its minItems, no empty object added.
const FORM_DEFAULTS = { arrayMinItems: { populate: 'never' }, emptyObjectFields: 'skipDefaults' } as const;

/** The policy in force, edited in a form generated from schema/policy.schema.json, applied to both services. */
export function PolicyEditor() {
  const [active, setActive] = useState<ActivePolicy | null>(null);
  const [draft, setDraft] = useState<PolicyDocument | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [applied, setApplied] = useState<string | null>(null);

  const load = useCallback(async () => {
    const { gatewayUrl } = await consoleConfig();
    const { policy } = await graphql<{ policy: ActivePolicy }>(gatewayUrl, ACTIVE_POLICY);
    setActive(policy);
    setDraft(structuredClone(policy.document));
  }, []);
  useEffect(() => {
    load().catch(setError);
  }, [load]);

  const changes = useMemo(() => (active && draft ? jsonChanges(active.document, draft) : []), [active, draft]);
  const valid = useMemo(() => draft !== null && policyValidator.validateFormData(draft, schema).errors.length === 0, [draft]);
  const serverCheck = useServerCheck(draft, valid && changes.length > 0);

  const apply = async () => {
    if (!active || !draft) return;
    setError(null);
    setApplied(null);
    try {
      const { gatewayUrl } = await consoleConfig();
      const result = await graphql<{ setPolicy: { version: string } }>(gatewayUrl, APPLY_POLICY, { document: draft, expectedVersion: active.version });
      setApplied(result.setPolicy.version);
      await load();
    } catch (failure) {
      setError(failure);
    }
  };

  if (!active || !draft) return error ? <ErrorMessage error={error} /> : <p>Loading the policy in force…</p>;
  return (
    <section aria-label="Policy editor">
      <p>
        In force: version <code>{active.version.slice(0, 12)}</code>, loaded {new Date(active.loadedAt).toLocaleString()}.
      </p>
      <div className="columns">
        <div>
          <Form
            schema={schema}
            uiSchema={uiSchema}
            fields={fields}
            formData={draft}
            validator={policyValidator}
            liveValidate
            showErrorList="top"
            noHtml5Validate
            experimental_defaultFormStateBehavior={FORM_DEFAULTS}
            onChange={(event) => setDraft(withoutFilledConditions(event.formData as PolicyDocument))}
          />
        </div>
        <div>
          <h2>Changes</h2>
          <PolicyDiff changes={changes} />
          <p>
            <button onClick={() => void apply()} disabled={!valid || changes.length === 0 || serverCheck?.valid !== true}>
              Apply to both services
            </button>
          </p>
          {serverCheck && (
            <p aria-label="Server check" className={serverCheck.valid ? 'ok' : 'error'}>
              {serverCheck.valid ? 'The services accept this policy.' : `The services refuse this policy: ${serverCheck.problem ?? ''}`}
            </p>
          )}
          {applied && (
            <p role="status" className="ok">
              Applied: version <code>{applied.slice(0, 12)}</code> in force.
            </p>
          )}
          <ErrorMessage error={error} />
          <h2>Rules and their reasons</h2>
          <RuleReasons document={draft} />
        </div>
      </div>
    </section>
  );
}
