import { randomUUID } from 'node:crypto';
import type { Principal } from '../../../platform/auth/principal.ts';
import { badInput, platformError } from '../../../platform/errors/errors.ts';
import type { Guard } from '../../kit/access/guard.ts';
import type { SubjectAttributes } from '../../kit/authz/types.ts';
import { compositionAttributes, ehrAttributes, entryAttributes } from './attributes.ts';
import { summaryOf } from './composition-view.ts';
import {
  CanonicalJsonError,
  parseCompositionText,
  rmInvariantViolations,
  validateComposition,
  type CanonicalObject,
  type CompositionSummary,
  type RmViolation,
} from '../canonical/index.ts';
import { identifierMarkers, identityFindings } from '../privacy/commit-rule.ts';
import { requireConformance, type TemplatePolicy } from '../templates/conformance.ts';
import type { ChangeType, CompositionRow, EhrRow, LifecycleState } from '../model/rows.ts';
import { formatVersionUid, parseVersionUid } from '../model/version-uid.ts';
import type { ClinicalStore, ClinicalTables } from '../store/clinical-store.ts';

/** Who commits, where: writes are checked against the caller's rules inside the commit's transaction. */
export interface Committer {
  store: ClinicalStore;
  systemId: string;
  guard: Guard;
  principal: Principal;
  templates: TemplatePolicy;
}

/** Commits version 1 of a new composition to an EHR the caller can see. */
export async function commitNew(committer: Committer, ehrId: string, input: unknown): Promise<CompositionRow> {
  const { document, summary, rmViolations } = readComposition(input);
  await requireConformance(committer.templates, summary.templateId, document, rmViolations);
  return committer.store.transaction(async (tx) => {
    const ehr = await readableEhr(committer, tx, ehrId);
    requireAnonymous(committer, document, ehr);
    const attributes = newAttributes(committer, { ehrId, ehrOrg: ehr.org }, summary);
    committer.guard.require('create', 'Composition', attributes, [ehrId]);
    requireReadableEntries(committer, attributes, summary);
    return write(committer, tx, { objectId: randomUUID(), version: 1, ehrId, ehrOrg: ehr.org, document, summary, changeType: 'CREATION' });
  });
}

/** Commits the next version after `precedingVersionUid`, which must be the latest. */
export async function commitUpdate(committer: Committer, precedingVersionUid: string, input: unknown): Promise<CompositionRow> {
  const { document, summary, rmViolations } = readComposition(input);
  await requireConformance(committer.templates, summary.templateId, document, rmViolations);
  return committer.store
    .transaction(async (tx) => {
      const preceding = await takeLatest(committer, tx, precedingVersionUid);
      if (summary.templateId !== preceding.templateId) {
        throw new CanonicalJsonError(
          '$.archetype_details.template_id.value',
          `an update must keep the template of the composition ("${preceding.templateId}"), found "${summary.templateId}"`,
        );
      }
      const before = compositionAttributes(preceding);
      const after = newAttributes(committer, preceding, summary);
      committer.guard.require('update', 'Composition', before, [preceding.uid]);
      committer.guard.require('update', 'Composition', after, [preceding.uid]);
      requireReadableEntries(committer, before, summaryOf(preceding));
      requireReadableEntries(committer, after, summary);
      requireAnonymous(committer, document, await tx.ehrs.byId(preceding.ehrId));
      return write(committer, tx, { ...next(preceding), document, summary, changeType: 'MODIFICATION' });
    })
    .catch(rethrowCanonical);
}

/** Logically deletes: a new version with lifecycle state DELETED and the preceding content. */
export async function commitDelete(committer: Committer, precedingVersionUid: string): Promise<CompositionRow> {
  return committer.store.transaction(async (tx) => {
    const preceding = await takeLatest(committer, tx, precedingVersionUid);
    const attributes = compositionAttributes(preceding);
    committer.guard.require('delete', 'Composition', attributes, [preceding.uid]);
    const summary = summaryOf(preceding);
    requireReadableEntries(committer, attributes, summary);
    return write(committer, tx, {
      ...next(preceding),
      document: preceding.canonical,
      summary,
      changeType: 'DELETED',
      lifecycleState: 'DELETED',
    });
  });
}

/**
 * Accepts a canonical COMPOSITION as an object or as JSON text (BAD_USER_INPUT at the first problem of shape), with
 * the RM invariants it breaks, which requireConformance reports together with the template's violations.
 */
function readComposition(input: unknown): { document: CanonicalObject; summary: CompositionSummary; rmViolations: RmViolation[] } {
  try {
    const document = typeof input === 'string' ? parseCompositionText(input) : input;
    const summary = validateComposition(document);
    return { document: document as CanonicalObject, summary, rmViolations: rmInvariantViolations(document as CanonicalObject) };
  } catch (error) {
    return rethrowCanonical(error);
  }
}

function rethrowCanonical(error: unknown): never {
  if (error instanceof CanonicalJsonError) {
    throw badInput(`Invalid composition: ${error.message}`, { argument: 'composition', jsonPath: error.jsonPath });
  }
  throw error;
}

/**
 * The clinical store holds no patient identity (privacy/commit-rule.ts): BAD_USER_INPUT listing
 * every offending JSON path (never the values), nothing stored. On in every mode.
 */
function requireAnonymous(committer: Committer, document: CanonicalObject, ehr: EhrRow | null): void {
  const markers = identifierMarkers(committer.guard.ability.identifierMarkers);
  const findings = identityFindings(document, ehr?.subjectId ?? '', markers);
  if (findings.length === 0) return;
  const list = findings.map((finding) => `${finding.jsonPath}: ${finding.problem}`).join('; ');
  throw badInput(`Invalid composition: it identifies the patient, which the clinical store never holds (${list})`, {
    argument: 'composition',
    jsonPath: findings[0]?.jsonPath,
    jsonPaths: findings.map((finding) => finding.jsonPath),
  });
}

async function readableEhr(committer: Committer, tx: ClinicalTables, ehrId: string): Promise<EhrRow> {
  const ehr = await tx.ehrs.byId(ehrId);
  if (!ehr || !committer.guard.allows('read', 'Ehr', ehrAttributes(ehr), [ehrId])) {
    throw platformError('NOT_FOUND', `No EHR with id ${ehrId}`, { ehrId });
  }
  return ehr;
}

function newAttributes(committer: Committer, ehr: { ehrId: string; ehrOrg: string }, summary: CompositionSummary): SubjectAttributes['Composition'] {
  return {
    ehrId: ehr.ehrId,
    ehrOrg: ehr.ehrOrg,
    org: committer.principal.org ?? '',
    templateId: summary.templateId,
    archetypeNodeId: summary.archetypeNodeId,
    lifecycleState: 'COMPLETE',
  };
}

/** You may only write what you can read in full: every entry, of the old and of the new content. */
function requireReadableEntries(committer: Committer, composition: SubjectAttributes['Composition'], summary: CompositionSummary): void {
  const unreadable = summary.entries.filter((entry) => !committer.guard.ability.can('read', 'Entry', entryAttributes(composition, entry)));
  if (unreadable.length > 0) {
    committer.guard.audit.record({
      action: 'write',
      subjectType: 'Entry',
      subjectIds: [composition.ehrId],
      allowed: false,
      reason: 'writing needs read access to every entry',
    });
    throw platformError(
      'FORBIDDEN',
      `The composition contains ${unreadable.length} entr${unreadable.length === 1 ? 'y' : 'ies'} your access policy does not let you read; you may only write what you can read in full`,
      {
        action: 'write',
        subject: 'Composition',
      },
    );
  }
}

async function takeLatest(committer: Committer, tx: ClinicalTables, precedingVersionUid: string): Promise<CompositionRow> {
  const uid = parseVersionUid(precedingVersionUid);
  if (!uid) {
    throw badInput(`precedingVersionUid must be a version uid objectId::systemId::version, found "${precedingVersionUid}"`, {
      argument: 'precedingVersionUid',
    });
  }
  const notFound = () => platformError('NOT_FOUND', `No composition version ${precedingVersionUid}`, { uid: precedingVersionUid });
  const readable = (row: CompositionRow | null): row is CompositionRow =>
    row !== null && committer.guard.allows('read', 'Composition', compositionAttributes(row), [row.uid]);
  if (uid.systemId !== committer.systemId) throw notFound();
  const preceding = await tx.compositions.supersedeLatest(uid.objectId, uid.version);
  if (preceding) {
    if (!readable(preceding)) throw notFound();
    if (preceding.lifecycleState === 'DELETED') {
      throw platformError('CONFLICT', `Composition ${uid.objectId} is deleted; its history stays readable`, {
        latestVersionUid: preceding.uid,
      });
    }
    return preceding;
  }
  if (!readable(await tx.compositions.version(uid.objectId, uid.version))) throw notFound();
  const latest = await tx.compositions.latest(uid.objectId);
  throw platformError('VERSION_CONFLICT', `${precedingVersionUid} is not the latest version; the latest is ${latest?.uid}`, {
    latestVersionUid: latest?.uid ?? null,
  });
}

const next = (preceding: CompositionRow) => ({
  objectId: preceding.objectId,
  version: preceding.version + 1,
  ehrId: preceding.ehrId,
  ehrOrg: preceding.ehrOrg,
});

interface VersionToWrite {
  objectId: string;
  version: number;
  ehrId: string;
  ehrOrg: string;
  document: CanonicalObject;
  summary: CompositionSummary;
  changeType: ChangeType;
  lifecycleState?: LifecycleState;
}

function write(committer: Committer, tx: ClinicalTables, v: VersionToWrite): Promise<CompositionRow> {
  const uid = formatVersionUid({ objectId: v.objectId, systemId: committer.systemId, version: v.version });
  return tx.compositions.insert({
    objectId: v.objectId,
    version: v.version,
    uid,
    ehrId: v.ehrId,
    ehrOrg: v.ehrOrg,
    org: committer.principal.org ?? '',
    changeType: v.changeType,
    lifecycleState: v.lifecycleState ?? 'COMPLETE',
    committer: committer.principal.sub,
    canonical: withUid(v.document, uid),
    summary: v.summary,
  });
}

/** The document with `uid` set to the assigned version uid, keeping key order (a new uid goes after `name`). */
export function withUid(document: CanonicalObject, uid: string): CanonicalObject {
  const uidValue = { _type: 'OBJECT_VERSION_ID', value: uid };
  const entries = Object.entries(document);
  const existing = entries.findIndex(([key]) => key === 'uid');
  if (existing >= 0) entries[existing] = ['uid', uidValue];
  else entries.splice(entries.findIndex(([key]) => key === 'name') + 1, 0, ['uid', uidValue]);
  return Object.fromEntries(entries);
}
