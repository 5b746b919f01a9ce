import { randomUUID } from 'node:crypto';
import type { Database } from '../common/db.ts';
import { badInput, platformError } from '../../common/errors.ts';
import {
  CanonicalJsonError,
  parseCompositionText,
  validateComposition,
  type CanonicalObject,
  type CompositionSummary,
} from './canonical/index.ts';
import { insertVersion, latestVersion, supersedeLatest, versionOf } from './store/composition-store.ts';
import type { ChangeType, CompositionRow, LifecycleState } from './store/rows.ts';
import { formatVersionUid, parseVersionUid } from './store/version-uid.ts';

export interface CommitSettings {
  db: Database;
  systemId: string;
  committer: string | null;
}

/** Commits version 1 of a new composition to an existing EHR. */
export async function commitNew(settings: CommitSettings, ehrId: string, input: unknown): Promise<CompositionRow> {
  const { document, summary } = readComposition(input);
  return settings.db.transaction(async (tx) => {
    const ehr = await tx.query('SELECT 1 FROM ehrs WHERE id = $1', [ehrId]);
    if (ehr.rows.length === 0) throw platformError('NOT_FOUND', `No EHR with id ${ehrId}`, { ehrId });
    const objectId = randomUUID();
    return write(settings, tx, { objectId, version: 1, ehrId, document, summary, changeType: 'CREATION' });
  });
}

/** Commits the next version after `precedingVersionUid`, which must be the latest. */
export async function commitUpdate(settings: CommitSettings, precedingVersionUid: string, input: unknown): Promise<CompositionRow> {
  const { document, summary } = readComposition(input);
  return settings.db.transaction(async (tx) => {
    const preceding = await takeLatest(settings, tx, precedingVersionUid);
    if (summary.templateId !== preceding.templateId) {
      throw new CanonicalJsonError(
        '$.archetype_details.template_id.value',
        `an update must keep the template of the composition ("${preceding.templateId}"), found "${summary.templateId}"`,
      );
    }
    return write(settings, tx, { ...next(preceding), document, summary, changeType: 'MODIFICATION' });
  }).catch(rethrowCanonical);
}

/** Logically deletes: a new version with lifecycle state DELETED and the preceding content. */
export async function commitDelete(settings: CommitSettings, precedingVersionUid: string): Promise<CompositionRow> {
  return settings.db.transaction(async (tx) => {
    const preceding = await takeLatest(settings, tx, precedingVersionUid);
    const summary = validateComposition(preceding.canonical);
    return write(settings, tx, {
      ...next(preceding),
      document: preceding.canonical,
      summary,
      changeType: 'DELETED',
      lifecycleState: 'DELETED',
    });
  });
}

/** Accepts a canonical COMPOSITION as an object or as JSON text; BAD_USER_INPUT at the first problem. */
function readComposition(input: unknown): { document: CanonicalObject; summary: CompositionSummary } {
  try {
    const document = typeof input === 'string' ? parseCompositionText(input) : input;
    const summary = validateComposition(document);
    return { document: document as CanonicalObject, summary };
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

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

async function takeLatest(settings: CommitSettings, tx: Tx, precedingVersionUid: string): Promise<CompositionRow> {
  const uid = parseVersionUid(precedingVersionUid);
  if (!uid) {
    throw badInput(`precedingVersionUid must be a version uid objectId::systemId::version, found "${precedingVersionUid}"`, {
      argument: 'precedingVersionUid',
    });
  }
  const notFound = () => platformError('NOT_FOUND', `No composition version ${precedingVersionUid}`, { uid: precedingVersionUid });
  if (uid.systemId !== settings.systemId) throw notFound();
  const preceding = await supersedeLatest(tx, uid.objectId, uid.version);
  if (preceding) {
    if (preceding.lifecycleState === 'DELETED') {
      throw platformError('CONFLICT', `Composition ${uid.objectId} is deleted; its history stays readable`, {
        latestVersionUid: preceding.uid,
      });
    }
    return preceding;
  }
  if (!(await versionOf(tx, uid.objectId, uid.version))) throw notFound();
  const latest = await latestVersion(tx, uid.objectId);
  throw platformError('VERSION_CONFLICT', `${precedingVersionUid} is not the latest version; the latest is ${latest?.uid}`, {
    latestVersionUid: latest?.uid ?? null,
  });
}

const next = (preceding: CompositionRow) => ({
  objectId: preceding.objectId,
  version: preceding.version + 1,
  ehrId: preceding.ehrId,
});

interface VersionToWrite {
  objectId: string;
  version: number;
  ehrId: string;
  document: CanonicalObject;
  summary: CompositionSummary;
  changeType: ChangeType;
  lifecycleState?: LifecycleState;
}

function write(settings: CommitSettings, tx: Tx, v: VersionToWrite): Promise<CompositionRow> {
  const uid = formatVersionUid({ objectId: v.objectId, systemId: settings.systemId, version: v.version });
  return insertVersion(tx, {
    objectId: v.objectId,
    version: v.version,
    uid,
    ehrId: v.ehrId,
    changeType: v.changeType,
    lifecycleState: v.lifecycleState ?? 'COMPLETE',
    committer: settings.committer,
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
