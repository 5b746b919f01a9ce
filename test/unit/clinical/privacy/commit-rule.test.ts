import { describe, expect, it } from 'vitest';
import { identifierMarkers, identityFindings } from '../../../../subgraphs/clinical/privacy/commit-rule.ts';

const SUBJECT = '5b7e1f9e-2f59-4b0a-9d51-2a4f7f0c7d11';
const entry = (extra: Record<string, unknown>) => ({ _type: 'COMPOSITION', content: [{ _type: 'OBSERVATION', subject: { _type: 'PARTY_SELF' }, ...extra }] });
const identifier = (fields: Record<string, string>) =>
  entry({ data: { items: [{ _type: 'ELEMENT', value: { _type: 'DV_IDENTIFIER', id: 'x', ...fields } }] } });
const paths = (document: unknown, markers = identifierMarkers([])) => identityFindings(document, SUBJECT, markers).map((f) => f.jsonPath);

describe('the commit rule', () => {
  it('accepts PARTY_SELF, a reference to the EHR subject, and PARTY_RELATED without name or identifiers', () => {
    expect(paths(entry({}))).toEqual([]);
    expect(paths(entry({ subject: { _type: 'PARTY_SELF', external_ref: { id: { value: SUBJECT } } } }))).toEqual([]);
    expect(paths(entry({ subject: { _type: 'PARTY_RELATED', relationship: { value: 'mother' } } }))).toEqual([]);
  });

  it('refuses named or identified subjects, foreign references and feed subjects', () => {
    expect(paths(entry({ subject: { _type: 'PARTY_RELATED', name: 'Eve' } }))).toEqual(['$.content[0].subject']);
    expect(paths(entry({ subject: { _type: 'PARTY_IDENTIFIED', identifiers: [{ id: '1' }] } }))).toEqual(['$.content[0].subject']);
    expect(paths(entry({ subject: { _type: 'PARTY_SELF', external_ref: { id: { value: 'MRN-1' } } } }))).toEqual(['$.content[0].subject.external_ref']);
    expect(paths(entry({ feeder_audit: { originating_system_audit: { subject: { _type: 'PARTY_IDENTIFIED', name: 'Ada' } } } }))).toEqual([
      '$.content[0].feeder_audit.originating_system_audit.subject',
    ]);
  });

  it('staff stay allowed (the identity table hides them)', () => {
    const staff = { _type: 'PARTY_IDENTIFIED', name: 'Dr X', identifiers: [{ _type: 'DV_IDENTIFIER', id: 'S-1', type: 'staff number' }] };
    expect(paths({ _type: 'COMPOSITION', composer: staff, content: [{ _type: 'ACTION', subject: { _type: 'PARTY_SELF' }, provider: staff }] })).toEqual([]);
  });

  it('DV_IDENTIFIERs marked as person identifiers by issuer, assigner or type, as whole words; the policy adds markers', () => {
    expect(paths(identifier({ type: 'MRN' }))).toHaveLength(1);
    expect(paths(identifier({ issuer: 'Social Security Administration' }))).toHaveLength(1);
    expect(paths(identifier({ assigner: 'national-id office' }))).toHaveLength(1);
    expect(paths(identifier({ type: 'specimen' }))).toEqual([]);
    expect(paths(identifier({ type: 'MRNX' }))).toEqual([]);
    expect(paths(identifier({ type: 'Kundennummer' }))).toEqual([]);
    expect(paths(identifier({ type: 'Kundennummer' }), identifierMarkers(['kundennummer']))).toHaveLength(1);
  });
});
