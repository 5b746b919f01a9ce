import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { LIST_VARIABLE_PATTERN, PURPOSES, SCALAR_VARIABLE_PATTERN } from './vocabulary.ts';

/** Repository root (policy paths and the schema are resolved against it). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const policySchemaPath = fileURLToPath(new URL('../../../schema/policy.schema.json', import.meta.url));

/** An invalid policy: the message is `<file>: <JSON path>: <reason>`. */
export class PolicyError extends Error {
  constructor(
    readonly file: string,
    readonly jsonPath: string,
    readonly reason: string,
  ) {
    super(`${file}: ${jsonPath}: ${reason}`);
    this.name = 'PolicyError';
  }
}

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(policySchemaPath, 'utf8')) as object;
    compiled = new Ajv2020({ allErrors: false, strict: true, verbose: true }).compile(schema);
  }
  return compiled;
}

/** Validates one policy document against schema/policy.schema.json; throws a PolicyError on the first problem. */
export function validatePolicyDocument(document: unknown, file: string): void {
  const validate = validator();
  if (validate(document)) return;
  const error = primaryError(validate.errors ?? []);
  if (!error) throw new PolicyError(file, '/', 'invalid policy');
  const { path, reason } = describe(error, document);
  throw new PolicyError(file, path, reason);
}

/** The error that says what is wrong (not the `if`/`then` wrappers around it). */
function primaryError(errors: ErrorObject[]): ErrorObject | undefined {
  return errors.find((e) => e.keyword === 'propertyNames') ?? errors.find((e) => e.keyword !== 'if') ?? errors[0];
}

function describe(error: ErrorObject, document: unknown): { path: string; reason: string } {
  const params = error.params as Record<string, unknown>;
  let path = error.instancePath || '/';
  let reason = error.message ?? 'is invalid';
  if (error.keyword === 'additionalProperties') {
    path = join(error.instancePath, String(params.additionalProperty));
    const parent = error.parentSchema as { properties?: object; title?: string } | undefined;
    const allowed = Object.keys(parent?.properties ?? {}).join(', ') || 'none';
    const subject = /^conditions on (\w+)$/.exec(parent?.title ?? '')?.[1];
    reason = `must NOT have additional properties (${subject ? `attributes of ${subject}` : 'allowed'}: ${allowed})`;
  } else if (typeof params.propertyName === 'string') {
    path = join(error.instancePath, params.propertyName);
    reason =
      error.instancePath === '/purposes'
        ? `is not a purpose of use (HL7 v3 PurposeOfUse code): must be one of ${PURPOSES.join(', ')}`
        : 'is not a valid name (a letter, then letters, digits, _ or -)';
  } else if (error.keyword === 'required') {
    path = join(error.instancePath, String(params.missingProperty));
    reason = `must have required property '${String(params.missingProperty)}'`;
  } else if (error.keyword === 'enum') {
    reason = `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  }
  const value = valueAt(document, error.instancePath);
  if (typeof value === 'string' && value.startsWith('${')) reason = variableProblem(value, error.schemaPath);
  else if (error.keyword === 'pattern' && error.schemaPath.includes('reason')) {
    reason = 'must be a non-empty explanation';
  }
  return { path, reason };
}

function variableProblem(value: string, schemaPath: string): string {
  if (schemaPath.includes('listItem')) return `variable ${value} cannot be a list element: make it the whole value of $in or $nin`;
  if (LIST_VARIABLE_PATTERN.test(value)) return `list variable ${value} can only be the value of $in or $nin`;
  if (SCALAR_VARIABLE_PATTERN.test(value)) return `variable ${value} holds one value: use it as a plain value, $eq or $ne`;
  return `unknown variable ${value}`;
}

const join = (base: string, key: string) => `${base}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;

function valueAt(document: unknown, pointer: string): unknown {
  let value = document;
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}
