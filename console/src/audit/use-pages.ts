import { useCallback, useEffect, useState } from 'react';
import { consoleConfig } from '../common/config.ts';
import { graphql } from '../common/graphql.ts';
import type { Page } from './operations.ts';

export const PAGE_SIZE = 20;

/** Cursor paging over one connection query: the current page, and the cursors back to the first; new variables start again at the first page. */
export function usePages<T>(query: string, variables: Record<string, unknown>) {
  const [rows, setRows] = useState<T[]>([]);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loaded, setLoaded] = useState(false);

  const load = useCallback(
    async (after: string | null, trail: (string | null)[]) => {
      setError(null);
      try {
        const { gatewayUrl } = await consoleConfig();
        const { page } = await graphql<Page<T>>(gatewayUrl, query, { ...variables, first: PAGE_SIZE, after });
        setRows(page.edges.map((edge) => edge.node));
        setNext(page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null);
        setCursors(trail);
      } catch (failure) {
        setError(failure);
      } finally {
        setLoaded(true);
      }
    },
    [query, variables],
  );

  useEffect(() => void load(null, [null]), [load]);

  return {
    rows,
    error,
    loaded,
    pageNumber: cursors.length,
    next: next ? () => load(next, [...cursors, next]) : null,
    previous: cursors.length > 1 ? () => load(cursors[cursors.length - 2] ?? null, cursors.slice(0, -1)) : null,
  };
}
