import { platformError } from '../../../platform/errors/errors.ts';

/** Whether the caller of this request may read an EHR in the clinical service. */
export interface EhrReadCheck {
  mayRead(ehrId: string): Promise<boolean>;
}

const EHR_QUERY = 'query LinkCheck($id: UUID!) { ehr(id: $id) { id } }';
const TIMEOUT_MS = 5000;

/**
 * Asks the clinical subgraph, with the caller's own bearer token, whether it can read the EHR:
 * the clinical service decides by its own policy, and this service never reads the clinical
 * store. A refused and an unknown EHR answer alike (`ehr` is null for both).
 */
export function askClinicalService(clinicalUrl: string, authorization: string | null, requestId: string | null): EhrReadCheck {
  return {
    async mayRead(ehrId) {
      if (!authorization) return false;
      let body: { data?: { ehr?: { id?: unknown } | null } | null; errors?: unknown[] };
      try {
        const response = await fetch(clinicalUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization, ...(requestId ? { 'x-request-id': requestId } : {}) },
          body: JSON.stringify({ query: EHR_QUERY, variables: { id: ehrId } }),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        if (response.status === 401) return false; // the clinical service does not accept this caller
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        body = (await response.json()) as typeof body;
      } catch {
        throw platformError('SERVICE_UNAVAILABLE', 'The clinical service cannot confirm the EHR right now; try again shortly');
      }
      if (body.errors?.length) throw platformError('SERVICE_UNAVAILABLE', 'The clinical service cannot confirm the EHR right now; try again shortly');
      return body.data?.ehr?.id === ehrId.toLowerCase();
    },
  };
}
