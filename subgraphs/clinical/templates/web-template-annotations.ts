// Web template annotations: a node's term items (`comment` …) and the OPT's `<annotations>` for its path.
import { withoutLastName } from './web-template-names.ts';

const withoutNames = (path: string): string => path.replace(/,'(?:[^'\\]|\\.)*'\]/g, ']');
const segments = (path: string): string[] => path.split(/\/(?=[a-z_]+(?:\[|$))/);

/** The annotation path names a node where it has a name; where it has none, any name of that node matches. */
function covers(annotationPath: string[], nodePath: string[]): boolean {
  return annotationPath.length === nodePath.length && annotationPath.every((step, i) => step === nodePath[i] || step === withoutLastName(nodePath[i] ?? ''));
}

/** The OPT's annotations by node path; a node's path may name nodes the annotation path leaves unnamed. */
export class TemplateAnnotations {
  /** Entries by their path without any names: the candidates for a node path without names. */
  private readonly unnamed = new Map<string, Array<[string[], Record<string, string>]>>();

  constructor(private readonly byPath: Record<string, Record<string, string>>) {
    for (const [path, items] of Object.entries(byPath)) {
      const key = withoutNames(path);
      this.unnamed.set(key, [...(this.unnamed.get(key) ?? []), [segments(path), items]]);
    }
  }

  at(path: string): Record<string, string> | undefined {
    const exact = this.byPath[path];
    if (exact) return exact;
    const candidates = this.unnamed.get(withoutNames(path));
    const steps = candidates ? segments(path) : [];
    return candidates?.find(([p]) => covers(p, steps))?.[1];
  }
}

/** A node's annotations: its term's items and the template's; a key in both gets both values, `;`-joined. */
export function joinAnnotations(term: Record<string, string> | undefined, template: Record<string, string> | undefined): Record<string, string> {
  const out = { ...term };
  for (const [key, value] of Object.entries(template ?? {})) out[key] = out[key] === undefined ? value : `${out[key]};${value}`;
  return out;
}
