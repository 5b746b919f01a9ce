import { DateTimeScalar, JSONScalar, UUIDScalar } from '../../kit/graphql/scalars.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { Composition } from './composition.ts';
import { Ehr } from './ehr.ts';
import { DataValue, dataValueTypes, Entry } from './entry.ts';
import { Mutation } from './mutation.ts';
import { Query } from './query.ts';
import { Template } from './template.ts';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Ehr,
  Composition,
  Template,
  Entry,
  DataValue,
  ...dataValueTypes,
  UUID: UUIDScalar,
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
};
