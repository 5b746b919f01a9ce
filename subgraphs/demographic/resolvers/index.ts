import { DateScalar, DateTimeScalar, JSONScalar, UUIDScalar } from '../../kit/graphql/scalars.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { Mutation } from './mutation.ts';
import { Ehr, Patient } from './patient.ts';
import { Query } from './query.ts';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Patient,
  Ehr,
  UUID: UUIDScalar,
  DateTime: DateTimeScalar,
  Date: DateScalar,
  JSON: JSONScalar,
};
