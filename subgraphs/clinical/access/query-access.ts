import { GraphQLError } from 'graphql';
import type { Principal } from '../../../platform/auth/principal.ts';
import { badInput, platformError } from '../../../platform/errors/errors.ts';
import { MAX_FETCH_ROWS } from '../../kit/graphql/pagination.ts';
import type { Guard } from '../../kit/access/guard.ts';
import type { CallerAbility } from '../../kit/authz/types.ts';
import { AqlError, AqlRefusal, compileAql, contributingEhrs, measureAql, parseAql, type AqlAccess } from '../aql/index.ts';
import { canonicalAql, discloseAggregateRow } from '../disclosure/aql-rows.ts';
import type { ResearchControl } from '../disclosure/index.ts';
import type { StoredQueryRow } from '../model/rows.ts';
import type { ClinicalStore } from '../store/clinical-store.ts';
import { COMPOSITION_RULE_COLUMNS } from '../store/columns.ts';
import { aqlPathRefusal, redact, refusedCategory, type HiddenCategories } from '../privacy/identity.ts';
import { parseQueryName, parseVersion, parseVersionPattern } from './query-names.ts';
import { auditMayNameEhrs, recordContributors, type ContributingEhrs } from './contributing-ehrs.ts';
import type { ResearchGovernor } from './research-governor.ts';

/** Ad-hoc queries are a permission of their own: `execute` on the stored query named `*`. */
export const AD_HOC = '*';
const MAX_ROWS = MAX_FETCH_ROWS;

export interface ResultSetArgs {
  parameters?: unknown;
  offset?: number | null;
  fetch?: number | null;
}

/** AQL for one caller: what they may run, with their read rules applied inside the SQL. */
export class QueryAccess {
  constructor(
    private readonly clinicalStore: ClinicalStore,
    private readonly guard: Guard,
    private readonly principal: Principal,
    /** What the identity table hides from this caller: refused in paths, removed from results. */
    private readonly hidden: HiddenCategories,
    private readonly research: ResearchControl,
    private readonly governor: ResearchGovernor,
  ) {}

  async adHoc(query: string, args: ResultSetArgs) {
    this.guard.require('execute', 'StoredQuery', { name: AD_HOC }, [AD_HOC]);
    return this.run(query, args, null);
  }

  async executeStored(name: string, version: string | null | undefined, args: ResultSetArgs) {
    const stored = await this.find(name, version);
    return this.run(stored.query, args, stored);
  }

  /** The stored queries the caller may execute. */
  async list(name: string | null | undefined): Promise<StoredQueryRow[]> {
    const rows = await this.clinicalStore.storedQueries.list(name ?? null);
    return rows.filter((row) => this.guard.ability.can('execute', 'StoredQuery', { name: row.name }));
  }

  async store(name: string, version: string | null | undefined, query: string): Promise<StoredQueryRow> {
    const qualified = parseQueryName(name);
    this.guard.require('create', 'StoredQuery', { name: qualified }, [qualified]);
    parseChecked(query);
    const latest = await this.clinicalStore.storedQueries.find(qualified, { major: null, minor: null, patch: null });
    const next = version ? parseVersion(version) : nextPatch(latest?.version);
    const saved = await this.clinicalStore.storedQueries.insert({ name: qualified, version: next, query }, this.principal.sub);
    if (!saved) throw platformError('CONFLICT', `${qualified} version ${next.join('.')} exists already`, { name: qualified });
    return saved;
  }

  private async find(name: string, version: string | null | undefined): Promise<StoredQueryRow> {
    const qualified = parseQueryName(name);
    const stored = await this.clinicalStore.storedQueries.find(qualified, parseVersionPattern(version));
    // decided and audited: a query the caller may not run answers as absent, and is a denied event
    const visible = stored && this.guard.allows('execute', 'StoredQuery', { name: stored.name }, [`${stored.name}::${stored.version}`]);
    if (!stored || !visible) throw platformError('NOT_FOUND', `No stored query ${qualified}${version ? ` version ${version}` : ''}`, { name: qualified });
    return stored;
  }

  private async run(text: string, args: ResultSetArgs, stored: StoredQueryRow | null) {
    const storedName = stored ? `${stored.name}::${stored.version}` : null;
    const limits = this.guard.ability.research;
    // Aggregate-only callers get rows from the stored queries the policy lists, and nowhere else.
    const rowLevel = !limits.aggregateOnly || (stored !== null && limits.rowLevelQueries.includes(stored.name));
    const parameters = args.parameters ?? {};
    if (typeof parameters !== 'object' || Array.isArray(parameters)) {
      throw badInput('parameters must be a JSON object of name → value', { argument: 'parameters' });
    }
    for (const [name, value] of [
      ['offset', args.offset],
      ['fetch', args.fetch],
    ] as const) {
      if (value != null && (!Number.isInteger(value) || value < 0 || value > MAX_ROWS)) {
        throw badInput(`${name} must be between 0 and ${MAX_ROWS}`, { argument: name });
      }
    }
    const label = storedName ?? AD_HOC;
    try {
      const query = parseChecked(text);
      this.governor.checkShape(measureAql(query, parameters as Record<string, unknown>), args.offset ?? 0, MAX_ROWS);
      const compiled = compileAql(query, {
        parameters: parameters as Record<string, unknown>,
        access: aqlAccess(this.guard.ability, aqlPathRefusal(this.hidden)),
        ...(args.offset != null ? { offset: args.offset } : {}),
        ...(args.fetch != null ? { fetch: args.fetch } : {}),
        maxRows: MAX_ROWS,
        aggregatesOnly: !rowLevel,
        disclosure: limits.suppressed,
        contributors: auditMayNameEhrs(this.guard, this.hidden) ? 'ids' : 'count',
      });
      this.governor.checkJoins(compiled.joins);
      const kind = storedName === null ? 'aql' : 'storedQuery';
      await this.research.budget.spend(this.research.principal, limits);
      const found = await this.governor.run(this.principal, kind, limits.suppressed, (run) => this.clinicalStore.researchAql(compiled, run));
      const layout = compiled.disclosure;
      let rows = found.map((row) => redact(layout ? row : row.slice(0, compiled.columns.length), null, this.hidden));
      if (layout) {
        // Research numbers are disclosed (noised or withheld); the canonical query is part of their noise's key.
        const canonical = canonicalAql(text, parameters as Record<string, unknown>);
        rows = rows.map((row) => discloseAggregateRow(row, layout, this.research.disclosure, canonical));
      }
      this.auditAnswer(label, rows.length, compiled.contributors ? contributingEhrs(found, compiled.contributors) : null);
      return {
        columns: compiled.columns,
        rows,
        meta: {
          executedQuery: text,
          rowCount: rows.length,
          limited: compiled.limited,
          storedQuery: storedName,
          offset: args.offset ?? null,
          fetch: args.fetch ?? null,
        },
      };
    } catch (error) {
      this.auditRefusal(label, error);
      throw asUserInput(error);
    }
  }

  /** One event for the query (its rows and how many EHRs made them), one naming those EHRs when the caller may see them. */
  private auditAnswer(label: string, rowCount: number, ehrs: ContributingEhrs | null): void {
    const from = ehrs ? ` from ${ehrs.count} EHRs` : '';
    this.guard.audit.record({ action: 'execute', subjectType: 'StoredQuery', subjectIds: [label], allowed: true, reason: `${rowCount} rows${from}` });
    if (ehrs) recordContributors(this.guard, 'aql', label, ehrs);
  }

  /** A query the caller's policy refused (a hidden path, rows, the research budget) is a denied event: why, never what was asked. */
  private auditRefusal(label: string, error: unknown): void {
    const reason = refusalReason(error);
    if (reason !== null) this.guard.audit.record({ action: 'execute', subjectType: 'StoredQuery', subjectIds: [label], allowed: false, reason });
  }
}

function refusalReason(error: unknown): string | null {
  if (error instanceof AqlRefusal) {
    const { refusal } = error;
    return refusal.kind === 'path' ? `AQL path refused: ${refusedCategory(refusal.reason)}` : 'AQL rows refused: aggregates only';
  }
  if (error instanceof GraphQLError && error.extensions.code === 'RESEARCH_BUDGET_EXHAUSTED') return 'research query budget spent';
  return null;
}

function parseChecked(text: string) {
  try {
    return parseAql(text);
  } catch (error) {
    throw asUserInput(error);
  }
}

function asUserInput(error: unknown): unknown {
  if (!(error instanceof AqlError)) return error;
  return badInput(`Invalid AQL: ${error.message}`, { argument: 'query', line: error.line, column: error.column, construct: error.construct });
}

const nextPatch = (latest: string | undefined): [number, number, number] => {
  if (!latest) return [1, 0, 0];
  const [major = 1, minor = 0, patch = 0] = latest.split('.').map(Number);
  return [major, minor, patch + 1];
};

const prefixed = <T extends Record<string, string>>(columns: T, alias: string) =>
  Object.fromEntries(Object.entries(columns).map(([attribute, column]) => [attribute, `${alias}.${column}`])) as T;

/** The caller's read rules for the tables AQL reads, as SQL over allow-listed columns. */
export function aqlAccess(ability: CallerAbility, refusePath: AqlAccess['refusePath']): AqlAccess {
  return {
    ehr: (alias, params) =>
      ability.sqlFilter('read', 'Ehr', { id: `${alias}.id`, org: `${alias}.org`, subjectNamespace: `${alias}.subject_namespace` }, params),
    composition: (alias, params) => ability.sqlFilter('read', 'Composition', prefixed(COMPOSITION_RULE_COLUMNS, alias), params),
    entry: (alias, params) =>
      ability.sqlFilter(
        'read',
        'Entry',
        prefixed(
          { ehrId: 'ehr_id', ehrOrg: 'ehr_org', templateId: 'template_id', rmType: 'rm_type', archetypeNodeId: 'archetype_node_id', codes: 'codes' },
          alias,
        ),
        params,
      ),
    refusePath,
  };
}
