import { randomUUID } from 'node:crypto';
import { badInput, platformError } from '../../../platform/errors/errors.ts';
import { connection, decodeCursor, pageSize } from '../../kit/graphql/pagination.ts';
import { isUuid } from '../../kit/graphql/scalars.ts';
import type { Guard } from '../../kit/access/guard.ts';
import type { IdentifierValue, PatientFields, PatientRecord } from '../model/rows.ts';
import type { DemographicStore } from '../store/demographic-store.ts';
import type { DemographicLoaders } from '../store/loaders.ts';
import type { EhrReadCheck } from './ehr-check.ts';

const isPageKey = (key: unknown[]) =>
  key.length === 3 && typeof key[0] === 'string' && Array.isArray(key[1]) && key[1].every((name) => typeof name === 'string') && isUuid(key[2]);

export interface PatientSearchArgs {
  name?: string | null;
  birthDate?: string | null;
  identifier?: IdentifierValue | null;
  first?: number | null;
  after?: string | null;
}

/**
 * The caller-scoped data layer of the demographic subgraph: the only way resolvers reach patients
 * and links. Patients the caller may not read (e.g. of an organisation outside the caller's care
 * network) answer as absent; the link is decrypted only for callers with `link`.
 */
export class DemographicAccess {
  constructor(
    private readonly store: DemographicStore,
    readonly guard: Guard,
    private readonly loaders: DemographicLoaders,
    private readonly ehrs: EhrReadCheck,
    /** Where the caller's organisation may move patients: its care network (policy `organisations.networks`). */
    private readonly careNetwork: readonly string[],
  ) {}

  /** Batched with every other patient look-up of the request; each is checked. */
  async patient(id: string): Promise<PatientRecord | null> {
    const patient = await this.loaders.patients.load(id.toLowerCase());
    return patient && this.guard.allows('read', 'Patient', patient, [patient.id]) ? patient : null;
  }

  /** One page of matching patients; the read rules run inside the SQL, so pages are full. */
  async patients(args: PatientSearchArgs) {
    const size = pageSize(args.first);
    const key = args.after ? decodeCursor(args.after, isPageKey) : null;
    const rows = await this.store.patients.search(
      {
        namePrefix: args.name?.trim() || null,
        birthDate: args.birthDate ?? null,
        identifier: args.identifier ? { system: args.identifier.system.trim(), value: args.identifier.value.trim() } : null,
        first: size,
        after: key ? { family: key[0] as string, given: key[1] as string[], id: key[2] as string } : null,
      },
      this.guard.ability,
    );
    // Finding a patient by identifier reveals the identifier: only patients whose identifiers the
    // caller may read match. (An identifier belongs to one patient per organisation at most.)
    const matches = args.identifier ? rows.filter((row) => this.guard.allows('read', 'Patient', row, [row.id], 'identifiers')) : rows;
    const page = connection(matches, size, (row) => [row.sortKey, row.given, row.id]);
    this.guard.admitted(
      'read',
      'Patient',
      page.edges.map((edge) => edge.node.id),
    );
    // Later look-ups of these patients in this request (EHR → patient) need no statement.
    for (const { node } of page.edges) this.loaders.patients.prime(node.id, node);
    return page;
  }

  async identifiers(patient: PatientRecord): Promise<IdentifierValue[]> {
    this.guard.require('read', 'Patient', patient, [patient.id], 'identifiers');
    return this.loaders.identifiers.load(patient.id);
  }

  /** Patient → EHR needs `link`; without it the link is never decrypted. */
  async ehrOf(patient: PatientRecord): Promise<{ id: string } | null> {
    this.guard.require('link', 'Patient', patient, [patient.id]);
    const ehrId = await this.loaders.ehrIdsByPatient.load(patient.id);
    return ehrId ? { id: ehrId } : null;
  }

  /**
   * EHR → patient needs `link` too, and `read` on the patient found. (EHR ids never go into this
   * service's audit trail: its store must not hold them in plaintext.)
   */
  async patientOfEhr(ehrId: string): Promise<PatientRecord | null> {
    this.guard.require('link', 'Patient', undefined, []);
    if (!isUuid(ehrId)) return null;
    const patientId = await this.loaders.patientIdsByEhr.load(ehrId.toLowerCase());
    if (!patientId) return null;
    const patient = await this.patient(patientId);
    return patient && this.guard.allows('link', 'Patient', patient, [patient.id]) ? patient : null;
  }

  /** The managing organisation is the caller's own; a caller without `org` cannot register. */
  registerPatient(fields: PatientFields): Promise<PatientRecord> {
    const id = randomUUID();
    const org = this.guard.ability.principal.org ?? '';
    this.guard.require('create', 'Patient', { id, org }, [id]);
    return this.store.transaction((tx) => tx.patients.insert(id, org, fields));
  }

  async updatePatient(id: string, fields: PatientFields): Promise<PatientRecord> {
    const patient = await this.existing(id);
    this.guard.require('update', 'Patient', patient, [id]);
    const updated = await this.store.transaction((tx) => tx.patients.update(id, fields));
    this.loaders.patients.clear(updated.id).prime(updated.id, updated);
    this.loaders.identifiers.clear(updated.id);
    return updated;
  }

  /**
   * Gives the patient another managing organisation: needs `update` on the field `org` of the
   * patient as it is (the default policy: admins of its organisation). A patient the caller can
   * neither read nor move answers NOT_FOUND. The target must be in the caller's care network: a
   * clash of identifiers there (CONFLICT) tells only what the network's readers already see, never
   * that an organisation outside it holds an identifier.
   */
  async transferPatient(id: string, org: string): Promise<boolean> {
    const target = org.trim();
    if (!/^[\w.:-]{1,100}$/.test(target)) throw badInput('org must be 1 to 100 letters, digits, or . _ : -', { argument: 'org' });
    const patient = isUuid(id) ? await this.loaders.patients.load(id.toLowerCase()) : null;
    if (!patient) throw notFound(id);
    if (!this.guard.allows('update', 'Patient', patient, [patient.id], 'org')) {
      if (!this.guard.ability.can('read', 'Patient', patient)) throw notFound(id);
      throw platformError('FORBIDDEN', 'Your access policy does not allow update on Patient.org', { action: 'update', subject: 'Patient', field: 'org' });
    }
    if (!this.careNetwork.includes(target)) {
      const reason = 'the target organisation is outside the caller’s care network';
      this.guard.audit.record({ action: 'update:org', subjectType: 'Patient', subjectIds: [patient.id], allowed: false, reason });
      throw platformError('FORBIDDEN', `A patient moves only to an organisation of your care network (${this.careNetwork.join(', ')})`, {
        argument: 'org',
      });
    }
    await this.store.transaction((tx) => tx.patients.transfer(patient.id, target));
    this.loaders.patients.clear(patient.id);
    return true;
  }

  /**
   * Needs `link` and `update` of the field `ehr` on the patient, and that the caller may read the EHR in the clinical service (asked
   * there with the caller's own token). An EHR the caller cannot read and one that does not exist
   * give the same NOT_FOUND.
   */
  async linkEhr(patientId: string, ehrId: string): Promise<PatientRecord> {
    const patient = await this.existing(patientId);
    // `link` alone lets a caller traverse between a patient and their EHR (clinicians); setting the
    // link also changes the patient, so it needs `update` of its field `ehr` (registrars).
    this.guard.require('link', 'Patient', patient, [patient.id]);
    this.guard.require('update', 'Patient', patient, [patient.id], 'ehr');
    const readable = await this.ehrs.mayRead(ehrId);
    // The EHR id stays out of this service's audit trail (its store must not hold it in plaintext).
    const reason = readable ? 'the clinical service lets the caller read the EHR' : 'the clinical service has no EHR with this id that the caller may read';
    this.guard.audit.record({ action: 'link:ehr', subjectType: 'Patient', subjectIds: [patient.id], allowed: readable, reason });
    if (!readable) throw platformError('NOT_FOUND', `No EHR with id ${ehrId}`, { ehrId });
    await this.store.transaction((tx) => tx.links.link(patient.id, ehrId));
    this.loaders.ehrIdsByPatient.clear(patient.id);
    return patient;
  }

  /** A patient the caller can see; NOT_FOUND otherwise, so that existence does not leak. */
  private async existing(id: string): Promise<PatientRecord> {
    const patient = await this.patient(id);
    if (!patient) throw notFound(id);
    return patient;
  }
}

const notFound = (id: string) => platformError('NOT_FOUND', `No patient with id ${id}`, { patientId: id });
