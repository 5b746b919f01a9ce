import { randomUUID } from 'node:crypto';
import { platformError } from '../../../common/errors.ts';
import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { linkEhr } from '../store/link-store.ts';
import { insertPatient, patientsByIds, updatePatient } from '../store/patient-store.ts';
import { patientFields } from './patient-input.ts';

export const Mutation: MutationResolvers = {
  registerPatient: (_, { input }, { db, cipher }) => {
    const fields = patientFields(input);
    return db.transaction((tx) => insertPatient(tx, cipher, randomUUID(), fields));
  },
  updatePatient: (_, { id, input }, { db, cipher }) => {
    const fields = patientFields(input);
    return db.transaction((tx) => updatePatient(tx, cipher, id, fields));
  },
  linkEhr: async (_, { patientId, ehrId }, { db, cipher }) => {
    await db.transaction((tx) => linkEhr(tx, cipher, patientId, ehrId));
    const [patient] = await patientsByIds(db, [patientId]);
    if (!patient) throw platformError('NOT_FOUND', `No patient with id ${patientId}`, { patientId });
    return patient;
  },
};
