import { customizeValidator } from '@rjsf/validator-ajv8';
import { Ajv2020 } from 'ajv/dist/2020.js';

/** The form validates as you type with the server's schema in the server's dialect (JSON Schema 2020-12). */
export const policyValidator = customizeValidator({ AjvClass: Ajv2020 });
