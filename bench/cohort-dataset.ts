/**
 * Synthetic but plausible clinical data for the cohort bench: per-EHR profiles, ~60 % vital-signs
 * encounters (blood pressure) and ~40 % laboratory reports (panels of 6–14 LOINC-coded results,
 * HbA1c in about half, ANCA now and then), built with the demo composition builders.
 */
import { ANCA, bloodPressureComposition, HBA1C, labReportComposition, type LabTest } from '../scripts/demo/compositions.ts';

/** Seeded PRNG (mulberry32): the same arguments give the same data. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const normal = (rand: () => number, mean: number, sd: number) => mean + sd * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const clamp = (value: number, low: number, high: number, decimals: number) => Number(Math.min(high, Math.max(low, value)).toFixed(decimals));

/** [name, LOINC, units, mean, sd, low, high, decimals] */
const PANEL: [string, string, string, number, number, number, number, number][] = [
  ['Glucose', '2345-7', 'mg/dL', 110, 30, 50, 400, 0],
  ['Creatinine', '2160-0', 'mg/dL', 1.0, 0.3, 0.3, 8, 2],
  ['Sodium', '2951-2', 'mmol/L', 140, 3, 120, 160, 0],
  ['Potassium', '2823-3', 'mmol/L', 4.3, 0.5, 2.5, 7, 1],
  ['Cholesterol', '2093-3', 'mg/dL', 195, 40, 90, 400, 0],
  ['HDL cholesterol', '2085-9', 'mg/dL', 52, 14, 15, 120, 0],
  ['LDL cholesterol', '13457-7', 'mg/dL', 115, 35, 30, 300, 0],
  ['Triglycerides', '2571-8', 'mg/dL', 150, 70, 30, 900, 0],
  ['Hemoglobin', '718-7', 'g/dL', 13.8, 1.6, 6, 20, 1],
  ['Leukocytes', '6690-2', '10*3/uL', 7, 2, 1, 30, 1],
  ['Platelets', '777-3', '10*3/uL', 250, 60, 20, 700, 0],
  ['ALT', '1742-6', 'U/L', 28, 12, 5, 400, 0],
  ['TSH', '3016-3', 'mIU/L', 2, 1, 0.01, 20, 2],
  ['Urea nitrogen', '3094-0', 'mg/dL', 15, 5, 3, 80, 0],
];
const TITRES = [20, 40, 80, 160, 320];

export interface Profile {
  org: 'org-a' | 'org-b';
  diabetic: boolean;
  systolic: number;
  diastolic: number;
}

export function profile(rand: () => number): Profile {
  return {
    org: rand() < 0.5 ? 'org-a' : 'org-b',
    diabetic: rand() < 0.3,
    systolic: normal(rand, 128, 12),
    diastolic: normal(rand, 80, 7),
  };
}

function labPanel(rand: () => number, who: Profile): LabTest[] {
  const tests: LabTest[] = [];
  if (rand() < 0.55) tests.push(HBA1C(clamp(normal(rand, who.diabetic ? 7.6 : 5.6, who.diabetic ? 1.2 : 0.5), 4, 15, 1)));
  for (const [name, loinc, units, mean, sd, low, high, decimals] of pick(rand, PANEL, 6 + Math.floor(rand() * 9))) {
    tests.push({ name, loinc, units, magnitude: clamp(normal(rand, mean, sd), low, high, decimals) });
  }
  if (rand() < 0.08) tests.push(ANCA(TITRES[Math.floor(rand() * TITRES.length)] as number));
  return tests;
}

/** One composition of this EHR at `time`: blood pressure (60 %) or a laboratory report. */
export function compositionFor(rand: () => number, who: Profile, time: Date): Record<string, unknown> {
  const iso = time.toISOString();
  if (rand() < 0.6) {
    const systolic = Math.round(normal(rand, who.systolic, 9));
    return bloodPressureComposition(clamp(systolic, 80, 230, 0), clamp(normal(rand, who.diastolic, 6), 40, Math.min(systolic - 10, 140), 0), iso);
  }
  return labReportComposition(labPanel(rand, who), iso);
}

/** `count` instants spread over the `days` before `end`, ascending (commits arrive in time order). */
export function timeline(rand: () => number, count: number, end: Date, days: number): Date[] {
  const span = days * 86_400_000;
  const offsets = Float64Array.from({ length: count }, () => rand() * span).sort();
  return Array.from(offsets, (offset) => new Date(end.getTime() - span + offset));
}

/** `count` distinct items of `list` in random order (partial Fisher–Yates). */
function pick<T>(rand: () => number, list: readonly T[], count: number): T[] {
  const copy = [...list];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(rand() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, count);
}

/** Each EHR index `perEhr` times, shuffled (Fisher–Yates). */
export function slots(rand: () => number, ehrs: number, perEhr: number): Uint32Array {
  const order = new Uint32Array(ehrs * perEhr).map((_, i) => Math.floor(i / perEhr));
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}
