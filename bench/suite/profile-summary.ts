import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

/** Where a function lives: a package, Node's internals, a project file, or V8's own bucket. */
function bucketOf({ url, functionName }: ProfileNode['callFrame']): string {
  if (!url) return functionName; // (garbage collector), (program), (idle)
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inPackage) return inPackage[1] as string;
  if (url.startsWith('node:')) return 'node internals';
  const inProject = /\/work\/[^/]+\/(.+)$/.exec(url) ?? /([^/]+\/[^/]+)$/.exec(url);
  return inProject?.[1] ?? url;
}

const top = (totals: Map<string, number>, count: number) => [...totals].sort((a, b) => b[1] - a[1]).slice(0, count);

/** Self time in a `.cpuprofile` of `process` (its role), by package/file and by function (idle left out of the shares). */
export function summariseProfile(path: string, process: string): string {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const totalHits = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
  const msPerHit = (profile.endTime - profile.startTime) / 1000 / Math.max(1, totalHits);
  const byBucket = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = (node.hitCount ?? 0) * msPerHit;
    if (ms === 0 || node.callFrame.functionName === '(idle)') continue;
    const bucket = bucketOf(node.callFrame);
    byBucket.set(bucket, (byBucket.get(bucket) ?? 0) + ms);
    const where = `${node.callFrame.functionName || '(anonymous)'} ${bucket}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(where, (byFunction.get(where) ?? 0) + ms);
  }
  const busy = [...byBucket.values()].reduce((sum, ms) => sum + ms, 0);
  const share = (ms: number) => `${((100 * ms) / busy).toFixed(1).padStart(5)} %  ${ms.toFixed(0).padStart(7)} ms`;
  return [
    `CPU profile of ${process} during scenario 1, ${path}: ${busy.toFixed(0)} ms busy`,
    ' self time by package or file:',
    ...top(byBucket, 15).map(([bucket, ms]) => `   ${share(ms)}  ${bucket}`),
    ' self time by function:',
    ...top(byFunction, 15).map(([where, ms]) => `   ${share(ms)}  ${where}`),
  ].join('\n');
}
