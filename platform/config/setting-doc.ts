/**
 * What docs/configuration.md says about a setting, attached to its zod field with `.meta()` as
 * the last call of the field's chain (`.optional()`, `.default()` and the like return a new schema
 * without it). `npm run docs` reads it; which services read the setting comes from the schemas
 * that compose the field, never from here.
 */
declare module 'zod' {
  interface GlobalMeta {
    /** The default in words, where the schema's own default does not tell it (it depends on NODE_ENV, or is generated on first start). */
    defaultText?: string;
  }
}

export {};
