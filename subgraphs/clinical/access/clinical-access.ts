import { randomUUID } from 'node:crypto';
import type { Principal } from '../../../platform/auth/principal.ts';
import { badInput, platformError } from '../../../platform/errors/errors.ts';
import { connection, decodeCursor, pageSize } from '../../kit/graphql/pagination.ts';
import type { CursorCodec } from '../../kit/graphql/sealed-cursors.ts';
import { isUuid } from '../../kit/graphql/scalars.ts';
import type { Guard } from '../../kit/access/guard.ts';
import { commitDelete, commitNew, commitUpdate, type Committer } from './commits.ts';
import { canonicalInput, formatted, type CompositionInput } from '../formats/composition-formats.ts';
import type { TemplatePolicy } from '../templates/conformance.ts';
import type { CompositionRow, EhrRow } from '../model/rows.ts';
import { parseVersionUid } from '../model/version-uid.ts';
import type { ClinicalStore } from '../store/clinical-store.ts';
import { DEFAULT_SUBJECT_NAMESPACE, newEhr } from '../store/ehr-store.ts';
import type { ClinicalLoaders } from '../store/loaders.ts';
import { CATEGORY_FIELDS, type IdentityCategory } from '../privacy/identity-table.ts';
import { categoryOfField } from '../privacy/identity.ts';
import { ehrAttributes } from './attributes.ts';
import { viewComposition, viewReadable, type CompositionView } from './composition-view.ts';

const isPageKey = (key: unknown[]) => key.length === 2 && typeof key[0] === 'string' && !Number.isNaN(Date.parse(key[0])) && isUuid(key[1]);

/**
 * The caller-scoped data layer of the clinical subgraph: the only way resolvers reach clinical
 * data. Every read and write is decided by the caller's ability (and audited); what the caller may
 * not read answers as absent.
 */
export class ClinicalAccess {
  private readonly committer: Committer;

  constructor(
    private readonly store: ClinicalStore,
    readonly guard: Guard,
    readonly principal: Principal,
    private readonly systemId: string,
    templates: TemplatePolicy,
    private readonly loaders: ClinicalLoaders,
    /** Composition page cursors are sealed: their key (commit time, object id) stands in for the record. */
    private readonly cursors: CursorCodec,
  ) {
    this.committer = { store, systemId, guard, principal, templates };
  }

  /** Batched with every other EHR look-up of the request (e.g. all representations of one `_entities`); each is checked. */
  async ehr(id: string): Promise<EhrRow | null> {
    return this.readableEhr(await this.loaders.ehrs.load(id.toLowerCase()));
  }

  /**
   * Finding an EHR by its subject reveals whose it is: a caller whose policy hides `subjectId`
   * (researchers) finds nothing, exactly as if there were no such EHR. Each organisation may hold
   * an EHR of the subject: the caller's own organisation's comes first, then the oldest readable.
   */
  async ehrBySubject(subjectId: string, subjectNamespace: string | null | undefined): Promise<EhrRow | null> {
    const found = await this.store.ehrs.bySubject(subjectId, subjectNamespace ?? DEFAULT_SUBJECT_NAMESPACE);
    const own = found.filter((ehr) => ehr.org === this.principal.org);
    for (const ehr of [...own, ...found.filter((ehr) => ehr.org !== this.principal.org)]) {
      if (this.readableEhr(ehr) && this.guard.allows('read', 'Ehr', ehr, [ehr.id], 'subjectId')) return ehr;
    }
    return null;
  }

  private readableEhr(ehr: EhrRow | null): EhrRow | null {
    return ehr && this.guard.allows('read', 'Ehr', ehr, [ehr.id]) ? ehr : null;
  }

  /**
   * Field-level check: FORBIDDEN (null with an error at the field's path) when the policy hides the
   * field, or the identity table category it shows (privacy/identity-table.ts).
   */
  requireEhrField(ehr: EhrRow, field: string): void {
    this.guard.require('read', 'Ehr', ehr, [ehr.id], field);
    this.requireCategory(categoryOfField('Ehr', field), [ehr.id], ehr);
  }

  requireCompositionField(view: CompositionView, field: string): void {
    this.guard.require('read', 'Composition', view.row, [view.row.uid], field);
    this.requireCategory(categoryOfField('Composition', field), [view.row.uid], view.row);
  }

  private requireCategory(category: IdentityCategory | null, ids: string[], object: EhrRow | CompositionRow): void {
    if (category === null) return;
    const { subject, field } = CATEGORY_FIELDS[category];
    if (subject === 'Composition' && 'uid' in object) this.guard.require('read', 'Composition', object, ids, field);
    // an EHR field seen from a composition is decided for EHRs in general (as in hiddenFor)
    else if (subject === 'Ehr') this.guard.require('read', 'Ehr', 'uid' in object ? undefined : object, ids, field);
  }

  /**
   * One EHR per (organisation, subject, namespace): the answer depends only on the caller's own
   * organisation's EHRs. A second create is a CONFLICT when the caller may read the
   * EHR it already has, and NOT_FOUND-shaped otherwise, so that it reveals nothing unreadable.
   */
  async createEhr(subjectId: string | null | undefined, subjectNamespace: string | null | undefined): Promise<EhrRow> {
    const namespace = subjectNamespace ?? DEFAULT_SUBJECT_NAMESPACE;
    if (!/^[\w.:-]{1,100}$/.test(namespace)) {
      throw badInput('subjectNamespace must be 1 to 100 letters, digits, or . _ : -', { argument: 'subjectNamespace' });
    }
    const ehr = newEhr(this.principal.org ?? '', subjectId ?? randomUUID(), namespace);
    this.guard.require('create', 'Ehr', ehrAttributes(ehr), [ehr.id]);
    const created = await this.store.ehrs.create(ehr);
    if (created) return created;
    const existing = this.readableEhr(await this.store.ehrs.ofOrganisation(ehr.org, ehr.subjectId, namespace));
    if (!existing) throw platformError('NOT_FOUND', 'No EHR can be created for this subject', { argument: 'subjectId' });
    throw platformError('CONFLICT', `An EHR already exists for subject ${ehr.subjectId} in namespace "${namespace}"`, {
      subjectId: ehr.subjectId,
      subjectNamespace: namespace,
    });
  }

  /** A full uid gives that version; an object id alone the latest. Null when absent or not readable. */
  async composition(uid: string): Promise<CompositionView | null> {
    if (isUuid(uid)) return this.view(await this.store.compositions.latest(uid.toLowerCase()));
    const version = parseVersionUid(uid);
    if (!version) {
      throw badInput(`uid must be an object id (UUID) or a version uid objectId::systemId::version, found "${uid}"`, {
        argument: 'uid',
      });
    }
    if (version.systemId !== this.systemId) return null;
    return this.view(await this.store.compositions.version(version.objectId, version.version));
  }

  /** Up to `first` versions after `afterVersion`, oldest first. */
  async compositionVersions(objectId: string, first: number | null | undefined, afterVersion: number | null | undefined): Promise<CompositionView[]> {
    const after = afterVersion ?? 0;
    if (!Number.isSafeInteger(after) || after < 0) throw badInput(`afterVersion must be a version number >= 0, found ${after}`, { argument: 'afterVersion' });
    const rows = await this.store.compositions.history(objectId, after, pageSize(first));
    return rows.map((row) => this.view(row)).filter((view): view is CompositionView => view !== null);
  }

  view(row: CompositionRow | null): CompositionView | null {
    return row ? viewComposition(row, this.guard) : null;
  }

  /**
   * One page of an EHR's compositions, batched with the pages of every other EHR of the request.
   * The read rules run inside the SQL, so pages are full and the rows they admit are not checked
   * again (their entries are).
   */
  async compositionsPage(ehr: EhrRow, templateId: string | null | undefined, first: number | null | undefined, after: string | null | undefined) {
    const size = pageSize(first);
    const key = after ? decodeCursor(after, isPageKey, this.cursors) : null;
    const rows = await this.loaders.compositionPages.load({
      ehrId: ehr.id,
      templateId: templateId ?? null,
      limit: size + 1,
      after: key ? { committedAt: new Date(key[0] as string), objectId: key[1] as string } : null,
    });
    const page = connection(rows, size, (row) => [row.committedAt.toISOString(), row.objectId], this.cursors);
    if (this.guard.ability.grantFor(ehr.id)) return this.pageUnderGrant(page);
    this.guard.admitted(
      'read',
      'Composition',
      page.edges.map((edge) => edge.node.uid),
    );
    return { ...page, edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: viewReadable(edge.node, this.guard) })) };
  }

  /** Under an emergency access each row is decided (and audited) again, so that the trail names the access of each read. */
  private pageUnderGrant<P extends { edges: { cursor: string; node: CompositionRow }[] }>(page: P) {
    const edges = page.edges.flatMap((edge) => {
      const view = viewComposition(edge.node, this.guard);
      return view ? [{ cursor: edge.cursor, node: view }] : [];
    });
    return { ...page, edges };
  }

  async ehrOf(view: CompositionView): Promise<EhrRow | null> {
    return this.ehr(view.row.ehrId);
  }

  /** Converted to canonical JSON before anything else: the canonical commit path then decides as for a canonical input. */
  async commit(ehrId: string, input: CompositionInput) {
    const composition = await canonicalInput(this.committer.templates.registry, input);
    return commitNew(this.committer, ehrId, composition).then((row) => this.mustView(row));
  }

  async update(precedingVersionUid: string, input: CompositionInput) {
    const composition = await canonicalInput(this.committer.templates.registry, input);
    return commitUpdate(this.committer, precedingVersionUid, composition).then((row) => this.mustView(row));
  }

  /** The caller's view (withheld entries and hidden fields left out as in `canonical`) in FLAT or STRUCTURED. */
  inFormat(view: CompositionView, format: 'FLAT' | 'STRUCTURED') {
    return formatted(this.committer.templates.registry, view.row.templateId, view.canonical(), format);
  }

  delete(precedingVersionUid: string) {
    return commitDelete(this.committer, precedingVersionUid).then((row) => this.mustView(row));
  }

  /** A version the caller just wrote: they could read all of it to write it. */
  private mustView(row: CompositionRow): CompositionView {
    // pages loaded earlier in this request (an earlier mutation's selection) no longer hold
    this.loaders.compositionPages.clearAll();
    return viewComposition(row, this.guard) as CompositionView;
  }
}
