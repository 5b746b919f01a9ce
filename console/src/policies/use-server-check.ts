import { useEffect, useState } from 'react';
import { consoleConfig } from '../common/config.ts';
import { graphql } from '../common/graphql.ts';
import { CHECK_POLICY, type PolicyCheck, type PolicyDocument } from './operations.ts';

/** A pause in typing before the draft goes to the server. */
const SETTLE_MS = 400;

/**
 * The services' verdict on a draft the schema accepts, asked again whenever it changes (the last
 * answer only); null while the schema still refuses it or before the answer.
 */
export function useServerCheck(draft: PolicyDocument | null, schemaValid: boolean): PolicyCheck | null {
  const [check, setCheck] = useState<PolicyCheck | null>(null);
  useEffect(() => {
    setCheck(null);
    if (!draft || !schemaValid) return;
    let current = true;
    const timer = setTimeout(() => {
      void consoleConfig()
        .then(({ gatewayUrl }) => graphql<{ checkPolicy: PolicyCheck }>(gatewayUrl, CHECK_POLICY, { document: draft }))
        .then((answer) => current && setCheck(answer.checkPolicy))
        .catch((error: unknown) => current && setCheck({ valid: false, version: null, problem: error instanceof Error ? error.message : String(error) }));
    }, SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [draft, schemaValid]);
  return check;
}
