interface Paged {
  pageNumber: number;
  next: (() => Promise<void>) | null;
  previous: (() => Promise<void>) | null;
}

export function Pager({ pages }: { pages: Paged }) {
  return (
    <p className="pager">
      <button disabled={!pages.previous} onClick={() => void pages.previous?.()}>
        Newer
      </button>{' '}
      page {pages.pageNumber}{' '}
      <button disabled={!pages.next} onClick={() => void pages.next?.()}>
        Older
      </button>
    </p>
  );
}
