import { z } from 'zod';
import { platformError } from '../errors/errors.ts';
import { count, wholeNumber } from '../config/settings.ts';

/**
 * Statement deadlines of every subgraph's database work, to spread into its config schema. A
 * deadline stops a statement on PostgreSQL (`statement_timeout`); PGlite cannot interrupt one, so
 * there only research has a deadline (it runs in a thread of its own that is ended, docs/operations.md).
 */
export const statementLimitsConfigFields = {
  DB_READ_TIMEOUT_MS: count(10_000, 0).meta({
    description:
      'deadline of each read statement in ms (PostgreSQL); `0`: none. The slowest ordinary read of the platform takes well under a second; one whose client has left is cancelled before (docs/operations.md)',
  }),
  DB_COMMIT_TIMEOUT_MS: count(15_000, 0).meta({ description: 'deadline of each statement of a commit in ms (PostgreSQL); `0`: none' }),
};

export type StatementLimits = { [Key in keyof typeof statementLimitsConfigFields]: number };

/**
 * AQL_MAX_AND_SIBLINGS when unset, by the engine research runs on. Measured on PGlite (2 cores):
 * about 250,000 rows a second, with the process blocked throughout; an EHR of 200 compositions
 * gives 40,000 rows for two siblings (a fraction of a second) and 8,000,000 for three (half a
 * minute). On PostgreSQL the deadline stops what the shape lets through.
 */
export const AND_SIBLINGS = { postgres: 5, pglite: 2 } as const;

/** Limits of research work (ad-hoc AQL, stored queries, cohorts) in the clinical subgraph. */
export const researchLimitsConfigFields = {
  AQL_TIMEOUT_MS: count(20_000, 1).meta({
    description: 'deadline of an ad-hoc AQL statement in ms (PostgreSQL: statement_timeout; PGlite: its research thread is ended)',
  }),
  STORED_QUERY_TIMEOUT_MS: count(30_000, 1).meta({
    description: 'deadline of a stored query statement in ms (PostgreSQL: statement_timeout; PGlite: its research thread is ended)',
  }),
  COHORT_TIMEOUT_MS: count(30_000, 1).meta({
    description: 'deadline of a cohort statement in ms (PostgreSQL: statement_timeout; PGlite: its research thread is ended)',
  }),
  AQL_MAX_CONTAINS_CLASSES: count(6, 1).meta({
    description: 'classes in an AQL FROM/CONTAINS tree, EHR included; each one joins a table, and siblings under AND multiply the rows',
  }),
  AQL_MAX_AND_SIBLINGS: wholeNumber(1)
    .optional()
    .meta({
      description:
        'classes side by side under one AND in CONTAINS: each multiplies the rows of every EHR (`n` compositions, `k` siblings: `n^k`). PGlite cannot stop a statement, so there it is kept to what a large EHR answers in about a second',
      defaultText: `\`${AND_SIBLINGS.postgres}\` (what AQL_MAX_CONTAINS_CLASSES admits), \`${AND_SIBLINGS.pglite}\` when research runs on PGlite`,
    }),
  AQL_MAX_JOINS: count(24, 1).meta({ description: 'joins of the compiled statement (one per class, one per path read from a document)' }),
  AQL_MAX_OR_BRANCHES: count(16, 1).meta({ description: 'branches of all OR in WHERE and CONTAINS together, each value of a MATCHES list counting as one' }),
  AQL_MAX_UNANCHORED_LIKE: count(1, 0).meta({ description: 'LIKE patterns that start with `*` or `?` (they read every value of the path)' }),
  AQL_MAX_OFFSET: count(100_000, 0).meta({ description: "largest OFFSET of an AQL query (the query's own and the `offset` argument together)" }),
  AQL_MAX_PLAN_COST: count(5_000_000, 0).meta({
    description: "ceiling of the planner's estimate (`EXPLAIN` total cost) of an AQL or stored query before it runs; `0`: not checked",
  }),
  RESEARCH_POOL_SIZE: count(4, 1, 100).meta({
    description: 'research statements running at once in this service (ad-hoc AQL, stored queries, cohorts); the rest of the pool stays for clinical work',
  }),
  RESEARCH_PER_CALLER: count(2, 1, 100).meta({ description: 'research statements one caller (issuer + `sub`) may run at once; more wait for a turn' }),
  RESEARCH_COPY_MAX_LAG_MS: count(30_000, 0).meta({
    description:
      "PGlite without RESEARCH_DATABASE_URL: how old the research copy of the primary may be for researchers (whose numbers are disclosed, suppressed or noised) before a query of theirs takes it again; each copy holds the primary for about a second per 2,500 compositions, so this bounds what a stream of research queries can cost clinical work. Other callers' AQL always reads a copy with everything committed; `0`: researchers' too",
  }),
  RESEARCH_QUEUE_TIMEOUT_MS: count(10_000, 0).meta({
    description: 'how long a research statement waits for a turn before it is refused with QUERY_TIMEOUT',
  }),
};

/** The gateway's own deadline, for its config schema. */
export const gatewayDeadlineConfigFields = {
  GATEWAY_SUBGRAPH_TIMEOUT_MS: count(60_000, 1).meta({
    description:
      "how long the gateway waits for one subgraph answer before it closes the request (the subgraph then cancels its statement) and answers QUERY_TIMEOUT; above the subgraphs' own deadlines (a research turn, 10 s, then a cohort or stored query, 30 s) so that theirs, which name the setting to change, come first",
  }),
};

export const researchLimitsSchema = z.object(researchLimitsConfigFields);
export type ResearchLimits = z.infer<typeof researchLimitsSchema>;

/** The refusal of a statement that ran over its deadline: which limit, and how to ask less. */
export const queryTimeout = (limit: string, max: number, advice: string) =>
  platformError('QUERY_TIMEOUT', `The query ran over its deadline of ${max} ms (${limit}); ${advice}.`, { limit, max });

/** The refusal of AQL too costly to run: which limit, its value, and what the query has. */
export const aqlTooComplex = (limit: string, max: number, found: number, what: string) =>
  platformError('QUERY_TOO_COMPLEX', `The query has ${found} ${what}; the limit (${limit}) is ${max}. Ask for less: fewer classes, branches or rows.`, {
    limit,
    max,
    found,
  });
