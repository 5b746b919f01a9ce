import { z } from 'zod';

/** Whether this process runs with NODE_ENV=production (read when a default is taken, not at import). */
export const production = () => process.env.NODE_ENV === 'production';

/** A whole number in decimal digits within min..max, without a default (`count` gives one). */
export const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) => {
  const expected = max === Number.MAX_SAFE_INTEGER ? `must be a whole number >= ${min}` : `must be a whole number ${min}..${max}`;
  return z
    .string()
    .trim()
    .regex(/^\d+$/, expected)
    .transform(Number)
    .refine((value) => value >= min && value <= max, expected);
};

/** A whole number in decimal digits within min..max. */
export const count = (fallback: number | (() => number), min: number, max = Number.MAX_SAFE_INTEGER) =>
  wholeNumber(min, max).default(typeof fallback === 'number' ? () => fallback : fallback);

/** `true` or `false`. */
export const flag = (fallback: () => boolean) =>
  z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .transform((value) => value === 'true')
    .default(fallback);
