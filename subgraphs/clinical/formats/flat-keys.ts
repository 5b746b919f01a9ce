// FLAT (simSDT) keys: `root/observation:0/any_event:1/systolic|magnitude` → segments with optional indexes and a
// `|suffix` naming the data value attribute (`''` = the bare key).

export interface Segment {
  id: string;
  index: number | undefined;
}

export interface FlatKey {
  segments: Segment[];
  suffix: string;
}

const SEGMENT = /^(.+?)(?::(\d+))?$/;

export function parseFlatKey(key: string): FlatKey | undefined {
  const bar = key.lastIndexOf('|');
  const body = bar > key.lastIndexOf('/') ? key.slice(0, bar) : key;
  const suffix = body === key ? '' : key.slice(bar + 1);
  const segments: Segment[] = [];
  for (const part of body.split('/')) {
    const m = SEGMENT.exec(part);
    if (!m?.[1]) return undefined;
    segments.push({ id: m[1], index: m[2] === undefined ? undefined : Number(m[2]) });
  }
  return { segments, suffix };
}

export const segmentText = (id: string, index: number | undefined): string => (index === undefined ? id : `${id}:${index}`);

/** The keys of one node: its own values by suffix, and its children by id then index. */
export interface KeyTree {
  values: Map<string, { key: string; value: unknown }>;
  children: Map<string, Map<number | undefined, KeyTree>>;
}

export const emptyTree = (): KeyTree => ({ values: new Map(), children: new Map() });

export function keyTree(entries: Array<[string, FlatKey, unknown]>): KeyTree {
  const root = emptyTree();
  for (const [key, parsed, value] of entries) {
    let node = root;
    for (const { id, index } of parsed.segments) {
      const byIndex = node.children.get(id) ?? new Map<number | undefined, KeyTree>();
      node.children.set(id, byIndex);
      const next = byIndex.get(index) ?? emptyTree();
      byIndex.set(index, next);
      node = next;
    }
    node.values.set(parsed.suffix, { key, value });
  }
  return root;
}

/** Every original key in a subtree (for reporting a whole unknown branch). */
export function keysOf(tree: KeyTree): string[] {
  const own = [...tree.values.values()].map((v) => v.key);
  return [...own, ...[...tree.children.values()].flatMap((m) => [...m.values()].flatMap(keysOf))];
}
