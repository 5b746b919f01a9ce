import { platformError } from '../../../platform/errors/errors.ts';
import type { CanonicalObject } from '../canonical/index.ts';
import type { CompositionResolvers } from '../generated/resolvers-types.ts';
import { formatVersionUid, parseVersionUid } from '../model/version-uid.ts';

export const Composition: CompositionResolvers = {
  uid: (view, _, { access }) => {
    access.requireCompositionField(view, 'uid');
    return view.row.uid;
  },
  objectId: (view, _, { access }) => {
    access.requireCompositionField(view, 'objectId');
    return view.row.objectId;
  },
  version: (view) => view.row.version,
  templateId: (view) => view.row.templateId,
  archetypeNodeId: (view) => view.row.archetypeNodeId,
  name: (view) => view.row.name,
  language: (view) => view.row.language,
  territory: (view) => view.row.territory,
  category: (view) => view.row.category,
  startTime: (view) => view.row.startTime,
  committedAt: (view, _, { access }) => {
    access.requireCompositionField(view, 'committedAt');
    return view.row.committedAt;
  },
  changeType: (view) => view.row.changeType,
  lifecycleState: (view) => view.row.lifecycleState,
  precedingVersionUid: (view, _, { access }) => {
    access.requireCompositionField(view, 'precedingVersionUid');
    const uid = parseVersionUid(view.row.uid);
    return uid && uid.version > 1 ? formatVersionUid({ ...uid, version: uid.version - 1 }) : null;
  },
  ehr: async (view, _, { access }) => {
    const ehr = await access.ehrOf(view);
    if (!ehr) throw platformError('FORBIDDEN', 'Your access policy does not allow read on the EHR of this composition');
    return ehr;
  },
  composer: (view, _, { access }) => {
    access.requireCompositionField(view, 'composer');
    return view.row.canonical.composer ?? null;
  },
  healthCareFacility: (view, _, { access }) => {
    access.requireCompositionField(view, 'healthCareFacility');
    return (view.row.canonical.context as CanonicalObject | undefined)?.health_care_facility ?? null;
  },
  entries: (view) => view.entries,
  withheldEntryCount: (view) => view.withheldEntryCount,
  canonical: (view) => view.canonical(),
  flat: (view, _, { access }) => access.inFormat(view, 'FLAT'),
  structured: (view, _, { access }) => access.inFormat(view, 'STRUCTURED'),
};
