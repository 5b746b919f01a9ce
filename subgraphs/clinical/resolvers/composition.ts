import { platformError } from '../../../common/errors.ts';
import { summarizeComposition, type CompositionSummary } from '../canonical/index.ts';
import type { CompositionResolvers } from '../generated/resolvers-types.ts';
import type { CompositionRow } from '../store/rows.ts';
import { formatVersionUid, parseVersionUid } from '../store/version-uid.ts';

// A row's canonical document is immutable, so its summary is computed at most once per row object.
const summaries = new WeakMap<CompositionRow, CompositionSummary>();

export function summaryOf(row: CompositionRow): CompositionSummary {
  let summary = summaries.get(row);
  if (!summary) {
    summary = summarizeComposition(row.canonical);
    summaries.set(row, summary);
  }
  return summary;
}

export const Composition: CompositionResolvers = {
  precedingVersionUid: (row) => {
    const uid = parseVersionUid(row.uid);
    return uid && uid.version > 1 ? formatVersionUid({ ...uid, version: uid.version - 1 }) : null;
  },
  ehr: async (row, _, { loaders }) => {
    const ehr = await loaders.ehrById.load(row.ehrId);
    if (!ehr) throw platformError('INTERNAL_SERVER_ERROR', 'Composition without its EHR');
    return ehr;
  },
  entries: (row) => summaryOf(row).entries,
};
