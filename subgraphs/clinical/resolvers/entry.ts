import type { CanonicalObject } from '../canonical/index.ts';
import type { DataValueResolvers, EntryResolvers, Resolvers } from '../generated/resolvers-types.ts';

export const Entry: EntryResolvers = {};

const DATA_VALUE_TYPES: Record<string, string> = {
  DV_TEXT: 'DvText',
  DV_CODED_TEXT: 'DvCodedText',
  DV_QUANTITY: 'DvQuantity',
  DV_COUNT: 'DvCount',
  DV_PROPORTION: 'DvProportion',
  DV_ORDINAL: 'DvOrdinal',
  DV_BOOLEAN: 'DvBoolean',
  DV_DATE_TIME: 'DvTemporal',
  DV_DATE: 'DvTemporal',
  DV_TIME: 'DvTemporal',
  DV_DURATION: 'DvDuration',
  DV_IDENTIFIER: 'DvIdentifier',
};

const rmTypeOf = (value: CanonicalObject) => String(value._type);

export const DataValue: DataValueResolvers = {
  __resolveType: (value) => (DATA_VALUE_TYPES[rmTypeOf(value)] ?? 'OtherDataValue') as never,
};

/** Fields every data value type shares; the other fields are the canonical properties of the same name. */
const base = { rmType: rmTypeOf, canonical: (value: CanonicalObject) => value };

const codePhrase = (value: CanonicalObject) => (value.defining_code ?? {}) as { terminology_id?: { value?: string }; code_string?: string };

export const dataValueTypes: Resolvers = {
  DvText: base,
  DvCodedText: {
    ...base,
    terminology: (value) => codePhrase(value).terminology_id?.value ?? '',
    code: (value) => codePhrase(value).code_string ?? '',
  },
  DvQuantity: base,
  DvCount: base,
  DvProportion: base,
  DvOrdinal: { ...base, symbol: (value) => value.symbol as CanonicalObject },
  DvBoolean: base,
  DvTemporal: base,
  DvDuration: base,
  DvIdentifier: base,
  OtherDataValue: base,
};
