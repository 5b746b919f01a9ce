import type { CodegenConfig } from '@graphql-codegen/cli';

/** Resolver types generated from the subgraph contracts in schema/ (checked in CI by codegen:check). */
const shared = {
  federation: true,
  useIndexSignature: true,
  useTypeImports: true,
  enumsAsTypes: true,
  scalars: { UUID: 'string', DateTime: 'Date | string', Date: 'string', JSON: 'unknown' },
};

const config: CodegenConfig = {
  overwrite: true,
  generates: {
    'subgraphs/clinical/generated/resolvers-types.ts': {
      schema: 'schema/clinical.graphql',
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        ...shared,
        contextType: '../context.ts#ClinicalContext',
        mappers: {
          Ehr: '../model/rows.ts#EhrRow',
          Composition: '../access/composition-view.ts#CompositionView',
          Template: '../model/rows.ts#TemplateRow',
          Entry: '../canonical/index.ts#EntrySummary',
          Element: '../canonical/index.ts#ElementSummary',
          DataValue: '../canonical/index.ts#CanonicalObject',
          DvText: '../canonical/index.ts#CanonicalObject',
          DvCodedText: '../canonical/index.ts#CanonicalObject',
          DvQuantity: '../canonical/index.ts#CanonicalObject',
          DvCount: '../canonical/index.ts#CanonicalObject',
          DvProportion: '../canonical/index.ts#CanonicalObject',
          DvOrdinal: '../canonical/index.ts#CanonicalObject',
          DvBoolean: '../canonical/index.ts#CanonicalObject',
          DvTemporal: '../canonical/index.ts#CanonicalObject',
          DvDuration: '../canonical/index.ts#CanonicalObject',
          DvIdentifier: '../canonical/index.ts#CanonicalObject',
          OtherDataValue: '../canonical/index.ts#CanonicalObject',
        },
      },
    },
    'subgraphs/demographic/generated/resolvers-types.ts': {
      schema: 'schema/demographic.graphql',
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        ...shared,
        contextType: '../context.ts#DemographicContext',
        mappers: {
          Patient: '../model/rows.ts#PatientRecord',
          Ehr: '../model/rows.ts#EhrReference',
        },
      },
    },
  },
};

export default config;
