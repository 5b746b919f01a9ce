// FLAT (EHRbase simSDT) ↔ canonical JSON, driven by the template's web template (its node ids are the FLAT key
// segments). Pure: the caller hands in the compiled template and its web template.
export { toFlat, type Flat } from './flat-out.ts';
export { fromFlat, type FlatViolation, type FromFlatResult } from './flat-in.ts';
