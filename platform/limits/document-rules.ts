import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, Kind, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
import { platformError } from '../errors/errors.ts';

type ArmorConfig = NonNullable<ConstructorParameters<typeof ApolloArmor>[0]>;
type ArmorLimit = 'maxDepth' | 'maxAliases' | 'maxDirectives' | 'costLimit';

const ALL_OFF: ArmorConfig = {
  blockFieldSuggestion: { enabled: false },
  costLimit: { enabled: false },
  maxAliases: { enabled: false },
  maxDepth: { enabled: false },
  maxDirectives: { enabled: false },
  maxTokens: { enabled: false },
};

/** The refusal of every operation limit: QUERY_TOO_COMPLEX naming the limit and its value. */
export const tooComplex = (limit: string, max: number, message: string) => platformError('QUERY_TOO_COMPLEX', message, { limit, max });

/**
 * One graphql-armor validation rule (through its public Apollo API), reporting QUERY_TOO_COMPLEX
 * in place of armor's own code. Armor counts through fragments, inline fragments and fragments
 * named `__schema`; only real `__schema` fields are exempt (introspection, off in production).
 */
export function armorRule(limit: ArmorLimit, max: number): ValidationRule {
  const refuse = (context: ValidationContext | null, error: Error) =>
    context?.reportError(tooComplex(limit, max, error.message.replace(/^Syntax Error: /, '')));
  // Fragments are counted as if written in place (a spread adds no level), and cost counts each
  // field once per item of every list above it (`first`), not more per level down.
  const shape = limit === 'costLimit' ? { maxCost: max, depthCostFactor: 1, flattenFragments: true } : { n: max, flattenFragments: true };
  // Armor lets `__typename` aliases through by default; each one is still a field to answer.
  const allowList = limit === 'maxAliases' ? { allowList: [] } : {};
  const options = { ...shape, ...allowList, propagateOnRejection: false, onReject: [refuse] };
  const [rule] = new ApolloArmor({ ...ALL_OFF, [limit]: options }).protect().validationRules;
  if (!rule) throw new Error(`graphql-armor gave no rule for ${limit}`);
  return rule;
}

/**
 * graphql-armor's plugin that masks "Did you mean …" suggestions in every error, and a second
 * pass for the form armor misses: enum values in variables ("Did you mean the enum value …?").
 */
export function blockFieldSuggestions(): ApolloServerPlugin[] {
  const { plugins } = new ApolloArmor({ ...ALL_OFF, blockFieldSuggestion: { enabled: true } }).protect();
  const remaining: ApolloServerPlugin = {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) error.message = error.message.replace(/ ?Did you mean .*$/s, '');
        },
      };
    },
  };
  // Armor's declarations name Apollo's CommonJS types; the plugin objects are the same at run time.
  return [...(plugins as unknown as ApolloServerPlugin[]), remaining];
}

/**
 * Refuses a selection set that asks for one response key more than `max` times, counting the
 * copies that inline fragments and fragment spreads add: each copy is compared with every other
 * when fields are merged, so thousands of them cost seconds of validation.
 */
export function maxFieldRepeatsRule(max: number): ValidationRule {
  return (context) => {
    const fragmentKeys = new Map<string, Map<string, number>>();
    const keysOfFragment = (fragment: FragmentDefinitionNode): Map<string, number> => {
      const name = fragment.name.value;
      const known = fragmentKeys.get(name);
      if (known) return known;
      fragmentKeys.set(name, new Map()); // a cycle (refused by validation anyway) counts as empty
      const keys = responseKeys(fragment.selectionSet, context, keysOfFragment);
      fragmentKeys.set(name, keys);
      return keys;
    };
    return {
      SelectionSet(node) {
        for (const [key, copies] of responseKeys(node, context, keysOfFragment)) {
          if (copies > max) {
            context.reportError(tooComplex('maxFieldRepeats', max, `Field "${key}" is selected ${copies} times in one selection set; the limit is ${max}.`));
            return BREAK;
          }
        }
        return undefined;
      },
    };
  };
}

function responseKeys(
  selectionSet: SelectionSetNode,
  context: ValidationContext,
  keysOfFragment: (fragment: FragmentDefinitionNode) => Map<string, number>,
): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string, copies: number) => counts.set(key, (counts.get(key) ?? 0) + copies);
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) add(selection.alias?.value ?? selection.name.value, 1);
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      for (const [key, copies] of responseKeys(selection.selectionSet, context, keysOfFragment)) add(key, copies);
    } else {
      const fragment = context.getFragment(selection.name.value);
      if (fragment) for (const [key, copies] of keysOfFragment(fragment)) add(key, copies);
    }
  }
  return counts;
}
