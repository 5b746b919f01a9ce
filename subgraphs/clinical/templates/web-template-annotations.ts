// Web template annotations: a node's term items (`comment` …) and the OPT's `<annotations>` for its path.
import { withoutLastName } from './web-template-names.ts';

const segments = (path: string): string[] => path.split(/\/(?=[a-z_]+(?:\[|$))/);

/** The annotation path names a node where it has a name; where it has none, any name of that node matches. */
function covers(annotationPath: string[], nodePath: string[]): boolean {
  return annotationPath.length === nodePath.length && annotationPath.every((step, i) => step === nodePath[i] || step === withoutLastName(nodePath[i] ?? ''));
}

/** The OPT's annotations by node path; a node's path may name nodes the annotation path leaves unnamed. */
export class TemplateAnnotations {
  private readonly entries: Array<[string[], Record<string, string>]>;

  constructor(private readonly byPath: Record<string, Record<string, string>>) {
    this.entries = Object.entries(byPath).map(([path, items]) => [segments(path), items]);
  }

  at(path: string): Record<string, string> | undefined {
    const steps = segments(path);
    return this.byPath[path] ?? this.entries.find(([p]) => covers(p, steps))?.[1];
  }
}

/** A node's annotations: its term's items and the template's; a key in both gets both values, `;`-joined. */
export function joinAnnotations(term: Record<string, string> | undefined, template: Record<string, string> | undefined): Record<string, string> {
  const out = { ...term };
  for (const [key, value] of Object.entries(template ?? {})) out[key] = out[key] === undefined ? value : `${out[key]};${value}`;
  return out;
}
