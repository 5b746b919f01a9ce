/** The data layers' own caps, which the GRAPHQL_MAX_* settings may only lower. */

/** Largest page (`first`) of any connection. */
export const MAX_PAGE_SIZE = 100;
/** Most rows one AQL result set returns (`fetch` and the query's own LIMIT included). */
export const MAX_FETCH_ROWS = 10_000;
