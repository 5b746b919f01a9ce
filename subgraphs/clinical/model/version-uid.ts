import { isUuid } from '../../kit/graphql/scalars.ts';

/** An openEHR OBJECT_VERSION_ID: `objectId::systemId::version`. */
export interface VersionUid {
  objectId: string;
  systemId: string;
  version: number;
}

export const formatVersionUid = ({ objectId, systemId, version }: VersionUid) => `${objectId}::${systemId}::${version}`;

/** Parses a full version uid; null when the text is not one. */
export function parseVersionUid(text: string): VersionUid | null {
  const parts = text.split('::');
  if (parts.length !== 3) return null;
  const [objectId = '', systemId = '', version = ''] = parts;
  if (!isUuid(objectId) || systemId === '' || !/^[1-9]\d{0,8}$/.test(version)) return null;
  return { objectId: objectId.toLowerCase(), systemId, version: Number(version) };
}
