import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { PatientRecord, EhrReference } from '../model/rows.ts';
import type { DemographicContext } from '../context.ts';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A calendar date, `YYYY-MM-DD`. */
  Date: { input: string; output: string; }
  /** An RFC 3339 date-time with offset. */
  DateTime: { input: Date | string; output: Date | string; }
  /** Any JSON value. */
  JSON: { input: unknown; output: unknown; }
  /** A UUID in canonical textual form, e.g. `4b1f2ef4-6c1b-4a51-9d3c-7e1b7d5a2c11`. */
  UUID: { input: string; output: string; }
  _FieldSet: { input: unknown; output: unknown; }
};

export type AdministrativeSex =
  | 'FEMALE'
  | 'MALE'
  | 'OTHER'
  | 'UNKNOWN';

/** One authorisation decision that touched data. Never contains names or identifiers. */
export type AuditEvent = {
  __typename?: 'AuditEvent';
  action: Scalars['String']['output'];
  allowed: Scalars['Boolean']['output'];
  at: Scalars['DateTime']['output'];
  /** The `x-request-id` the caller sent, if it was a plain token; behind the gateway, the gateway's own request id. */
  callerRequestId?: Maybe<Scalars['String']['output']>;
  /** The emergency access (break the glass) that allowed this decision, if one did (`emergency: <reason>` in `reason`). */
  emergencyAccessId?: Maybe<Scalars['UUID']['output']>;
  id: Scalars['String']['output'];
  org?: Maybe<Scalars['String']['output']>;
  /** The purpose of use the request acted under (HL7 v3 PurposeOfUse code, e.g. TREAT); null when the policy declares none for its roles. */
  purpose?: Maybe<Scalars['String']['output']>;
  reason: Scalars['String']['output'];
  /** The service's own id of the request (minted by the service, never taken from the caller). */
  requestId?: Maybe<Scalars['String']['output']>;
  roles: Array<Scalars['String']['output']>;
  sub: Scalars['String']['output'];
  subjectIds: Array<Scalars['String']['output']>;
  subjectType: Scalars['String']['output'];
};

export type AuditEventConnection = {
  __typename?: 'AuditEventConnection';
  edges: Array<AuditEventEdge>;
  pageInfo: PageInfo;
};

export type AuditEventEdge = {
  __typename?: 'AuditEventEdge';
  cursor: Scalars['String']['output'];
  node: AuditEvent;
};

export type AuditEventFilter = {
  action?: InputMaybe<Scalars['String']['input']>;
  allowed?: InputMaybe<Scalars['Boolean']['input']>;
  /** Events of requests whose caller sent this `x-request-id` (behind the gateway: the gateway's own id). */
  callerRequestId?: InputMaybe<Scalars['String']['input']>;
  /** Decisions made by this emergency access (break the glass; clinical service only). */
  emergencyAccessId?: InputMaybe<Scalars['UUID']['input']>;
  /** Events of the request this service gave this id (its own, as in the `x-request-id` response header). */
  requestId?: InputMaybe<Scalars['String']['input']>;
  since?: InputMaybe<Scalars['DateTime']['input']>;
  sub?: InputMaybe<Scalars['String']['input']>;
  subjectId?: InputMaybe<Scalars['String']['input']>;
  subjectType?: InputMaybe<Scalars['String']['input']>;
};

export type Ehr = {
  __typename?: 'Ehr';
  id: Scalars['UUID']['output'];
  /** The patient linked to this EHR; null when none is, or with FORBIDDEN without `link` permission. */
  patient?: Maybe<Patient>;
};

export type HumanName = {
  __typename?: 'HumanName';
  family: Scalars['String']['output'];
  given: Array<Scalars['String']['output']>;
};

export type HumanNameInput = {
  family: Scalars['String']['input'];
  given?: Array<Scalars['String']['input']>;
};

export type Identifier = {
  __typename?: 'Identifier';
  /** The identifier system, e.g. `urn:oid:2.16.840.1.113883.2.4.6.3` or `https://hospital.example/mrn`. */
  system: Scalars['String']['output'];
  value: Scalars['String']['output'];
};

export type IdentifierInput = {
  system: Scalars['String']['input'];
  value: Scalars['String']['input'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Links a patient to their EHR in the clinical subgraph. Needs `link` and `update` of the field `ehr`
   * on the patient (the default policy: registrars of its organisation) and that the caller may read the EHR in the clinical subgraph (asked there with the caller's own token): an EHR
   * the caller may not read answers NOT_FOUND, as an unknown one does. The link is stored encrypted.
   * Linking the same pair again is a no-op; a patient already linked to another EHR, or an EHR
   * already linked to another patient, is a CONFLICT.
   */
  linkEhr: Patient;
  /**
   * Registers a patient managed by the caller's organisation (the token's `org`). An identifier is
   * unique within an organisation: registering one the organisation already has is a CONFLICT.
   */
  registerPatient: Patient;
  /**
   * Puts a new policy document in force in the demographic service and every other service (admins,
   * `update` on Policy), as the clinical `setPolicy` does: checked as at start-up, written over the
   * policy file atomically and reloaded; another version in force than `expectedVersion` is a CONFLICT,
   * a document already in force (written through the other service) is a no-op.
   */
  setDemographicPolicy: PolicyInfo;
  /**
   * Gives the patient another managing organisation (the default policy: admins of its current
   * organisation), within the caller's care network. NOT_FOUND when there is no such patient the caller
   * may see or move; FORBIDDEN when the new organisation is outside the caller's care network; CONFLICT
   * when the new organisation (of the network) has a patient with one of its identifiers.
   */
  transferPatient: Scalars['Boolean']['output'];
  /** Replaces the patient's name, birth date, sex and identifiers. NOT_FOUND when there is no such patient. */
  updatePatient: Patient;
};


export type MutationLinkEhrArgs = {
  ehrId: Scalars['UUID']['input'];
  patientId: Scalars['UUID']['input'];
};


export type MutationRegisterPatientArgs = {
  input: PatientInput;
};


export type MutationSetDemographicPolicyArgs = {
  document: Scalars['JSON']['input'];
  expectedVersion: Scalars['String']['input'];
};


export type MutationTransferPatientArgs = {
  id: Scalars['UUID']['input'];
  org: Scalars['String']['input'];
};


export type MutationUpdatePatientArgs = {
  id: Scalars['UUID']['input'];
  input: PatientInput;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Patient = {
  __typename?: 'Patient';
  birthDate?: Maybe<Scalars['Date']['output']>;
  createdAt: Scalars['DateTime']['output'];
  /** The patient's EHR, owned by the clinical subgraph; null when not linked, or with FORBIDDEN without `link` permission. */
  ehr?: Maybe<Ehr>;
  id: Scalars['UUID']['output'];
  /** Null with FORBIDDEN for callers whose policy hides identifiers. */
  identifiers?: Maybe<Array<Identifier>>;
  /** The organisation managing this patient's registration (the policy shares patients through care networks). */
  managingOrganisation: Scalars['String']['output'];
  name: HumanName;
  sex?: Maybe<AdministrativeSex>;
  updatedAt: Scalars['DateTime']['output'];
};

export type PatientConnection = {
  __typename?: 'PatientConnection';
  edges: Array<PatientEdge>;
  pageInfo: PageInfo;
};

export type PatientEdge = {
  __typename?: 'PatientEdge';
  cursor: Scalars['String']['output'];
  node: Patient;
};

export type PatientInput = {
  birthDate?: InputMaybe<Scalars['Date']['input']>;
  identifiers?: InputMaybe<Array<IdentifierInput>>;
  name: HumanNameInput;
  sex?: InputMaybe<AdministrativeSex>;
};

export type PolicyInfo = {
  __typename?: 'PolicyInfo';
  /** The policy document in force (the files merged), as schema/policy.schema.json describes it. */
  document: Scalars['JSON']['output'];
  loadedAt: Scalars['DateTime']['output'];
  /** Content hash of the policy in force. */
  version: Scalars['String']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** Audit events of the demographic service, newest first (admins). `first` defaults to 20, at most 100. */
  demographicAuditEvents: AuditEventConnection;
  /** The policy in force in the demographic service (admins). */
  demographicPolicy: PolicyInfo;
  /** The patient with this id, or null when there is none. */
  patient?: Maybe<Patient>;
  /**
   * Patients matching every filter given, ordered by family name, given names and id.
   * `name` matches the start of the family name or of any given name, ignoring case.
   * `identifier` matches exactly (system and value). `first` defaults to 20 and may be at most 100.
   */
  patients: PatientConnection;
};


export type QueryDemographicAuditEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AuditEventFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryPatientArgs = {
  id: Scalars['UUID']['input'];
};


export type QueryPatientsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  birthDate?: InputMaybe<Scalars['Date']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  identifier?: InputMaybe<IdentifierInput>;
  name?: InputMaybe<Scalars['String']['input']>;
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Ehr: Ehr;
  Patient: Patient;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Ehr:
    ( { __typename: 'Ehr' }
    & GraphQLRecursivePick<FederationTypes['Ehr'], {"id":true}> );
  Patient:
    ( { __typename: 'Patient' }
    & GraphQLRecursivePick<FederationTypes['Patient'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  AdministrativeSex: AdministrativeSex;
  AuditEvent: ResolverTypeWrapper<AuditEvent>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  AuditEventConnection: ResolverTypeWrapper<AuditEventConnection>;
  AuditEventEdge: ResolverTypeWrapper<AuditEventEdge>;
  AuditEventFilter: AuditEventFilter;
  Date: ResolverTypeWrapper<Scalars['Date']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Ehr: ResolverTypeWrapper<EhrReference>;
  HumanName: ResolverTypeWrapper<HumanName>;
  HumanNameInput: HumanNameInput;
  Identifier: ResolverTypeWrapper<Identifier>;
  IdentifierInput: IdentifierInput;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Patient: ResolverTypeWrapper<PatientRecord>;
  PatientConnection: ResolverTypeWrapper<Omit<PatientConnection, 'edges'> & { edges: Array<ResolversTypes['PatientEdge']> }>;
  PatientEdge: ResolverTypeWrapper<Omit<PatientEdge, 'node'> & { node: ResolversTypes['Patient'] }>;
  PatientInput: PatientInput;
  PolicyInfo: ResolverTypeWrapper<PolicyInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  UUID: ResolverTypeWrapper<Scalars['UUID']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  AuditEvent: AuditEvent;
  String: Scalars['String']['output'];
  Boolean: Scalars['Boolean']['output'];
  AuditEventConnection: AuditEventConnection;
  AuditEventEdge: AuditEventEdge;
  AuditEventFilter: AuditEventFilter;
  Date: Scalars['Date']['output'];
  DateTime: Scalars['DateTime']['output'];
  Ehr: EhrReference;
  HumanName: HumanName;
  HumanNameInput: HumanNameInput;
  Identifier: Identifier;
  IdentifierInput: IdentifierInput;
  JSON: Scalars['JSON']['output'];
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Patient: PatientRecord;
  PatientConnection: Omit<PatientConnection, 'edges'> & { edges: Array<ResolversParentTypes['PatientEdge']> };
  PatientEdge: Omit<PatientEdge, 'node'> & { node: ResolversParentTypes['Patient'] };
  PatientInput: PatientInput;
  PolicyInfo: PolicyInfo;
  Query: Record<PropertyKey, never>;
  Int: Scalars['Int']['output'];
  UUID: Scalars['UUID']['output'];
}>;

export type AuditEventResolvers<ContextType = DemographicContext, ParentType extends ResolversParentTypes['AuditEvent'] = ResolversParentTypes['AuditEvent']> = ResolversObject<{
  action?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  allowed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  callerRequestId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  emergencyAccessId?: Resolver<Maybe<ResolversTypes['UUID']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  org?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  purpose?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  requestId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  roles?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  sub?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  subjectIds?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  subjectType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type AuditEventConnectionResolvers<ContextType = DemographicContext, ParentType extends ResolversParentTypes['AuditEventConnection'] = ResolversParentTypes['AuditEventConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['AuditEventEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type AuditEventEdgeResolvers<ContextType = DemographicContext, ParentType extends ResolversParentTypes['AuditEventEdge'] = ResolversParentTypes['AuditEventEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['AuditEvent'], ParentType, ContextType>;
}>;

export interface DateScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Date'], any> {
  name: 'Date';
}

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type EhrResolvers<ContextType = DemographicContext, ParentType extends ResolversParentTypes['Ehr'] = ResolversParentTypes['Ehr'], FederationReferenceType extends FederationReferenceTypes['Ehr'] = FederationReferenceTypes['Ehr']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Ehr']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['UUID'], ParentType, ContextType>;
  patient?: Resolver<Maybe<ResolversTypes['Patient']>, ParentType, ContextType>;
}>;

export type HumanNameResolvers<ContextType = DemographicContext, ParentType extends ResolversParentTypes['HumanName'] = ResolversParentTypes['HumanName']> = ResolversObject<{
  family?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  given?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type IdentifierResolvers<ContextType = DemographicContext, ParentType extends ResolversParentTypes['Identifier'] = ResolversParentTypes['Identifier']> = ResolversObject<{
  system?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type MutationResolvers<ContextType = DemographicContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  linkEhr?: Resolver<ResolversTypes['Patient'], ParentType, ContextType, RequireFields<MutationLinkEhrArgs, 'ehrId' | 'patientId'>>;
  registerPatient?: Resolver<ResolversTypes['Patient'], ParentType, ContextType, RequireFields<MutationRegisterPatientArgs, 'input'>>;
  setDemographicPolicy?: Resolver<ResolversTypes['PolicyInfo'], ParentType, ContextType, RequireFields<MutationSetDemographicPolicyArgs, 'document' | 'expectedVersion'>>;
  transferPatient?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationTransferPatientArgs, 'id' | 'org'>>;
  updatePatient?: Resolver<ResolversTypes['Patient'], ParentType, ContextType, RequireFields<MutationUpdatePatientArgs, 'id' | 'input'>>;
}>;

export type PageInfoResolvers<ContextType = DemographicContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type PatientResolvers<ContextType = DemographicContext, ParentType extends ResolversParentTypes['Patient'] = ResolversParentTypes['Patient'], FederationReferenceType extends FederationReferenceTypes['Patient'] = FederationReferenceTypes['Patient']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Patient']> | FederationReferenceType, FederationReferenceType, ContextType>;
  birthDate?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  ehr?: Resolver<Maybe<ResolversTypes['Ehr']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['UUID'], ParentType, ContextType>;
  identifiers?: Resolver<Maybe<Array<ResolversTypes['Identifier']>>, ParentType, ContextType>;
  managingOrganisation?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['HumanName'], ParentType, ContextType>;
  sex?: Resolver<Maybe<ResolversTypes['AdministrativeSex']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export type PatientConnectionResolvers<ContextType = DemographicContext, ParentType extends ResolversParentTypes['PatientConnection'] = ResolversParentTypes['PatientConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['PatientEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type PatientEdgeResolvers<ContextType = DemographicContext, ParentType extends ResolversParentTypes['PatientEdge'] = ResolversParentTypes['PatientEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Patient'], ParentType, ContextType>;
}>;

export type PolicyInfoResolvers<ContextType = DemographicContext, ParentType extends ResolversParentTypes['PolicyInfo'] = ResolversParentTypes['PolicyInfo']> = ResolversObject<{
  document?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  loadedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = DemographicContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  demographicAuditEvents?: Resolver<ResolversTypes['AuditEventConnection'], ParentType, ContextType, RequireFields<QueryDemographicAuditEventsArgs, 'first'>>;
  demographicPolicy?: Resolver<ResolversTypes['PolicyInfo'], ParentType, ContextType>;
  patient?: Resolver<Maybe<ResolversTypes['Patient']>, ParentType, ContextType, RequireFields<QueryPatientArgs, 'id'>>;
  patients?: Resolver<ResolversTypes['PatientConnection'], ParentType, ContextType, RequireFields<QueryPatientsArgs, 'first'>>;
}>;

export interface UuidScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['UUID'], any> {
  name: 'UUID';
}

export type Resolvers<ContextType = DemographicContext> = ResolversObject<{
  AuditEvent?: AuditEventResolvers<ContextType>;
  AuditEventConnection?: AuditEventConnectionResolvers<ContextType>;
  AuditEventEdge?: AuditEventEdgeResolvers<ContextType>;
  Date?: GraphQLScalarType;
  DateTime?: GraphQLScalarType;
  Ehr?: EhrResolvers<ContextType>;
  HumanName?: HumanNameResolvers<ContextType>;
  Identifier?: IdentifierResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Patient?: PatientResolvers<ContextType>;
  PatientConnection?: PatientConnectionResolvers<ContextType>;
  PatientEdge?: PatientEdgeResolvers<ContextType>;
  PolicyInfo?: PolicyInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  UUID?: GraphQLScalarType;
}>;

