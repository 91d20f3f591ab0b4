import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { api } from './api';
import { type ApiFailure, asFailure, ProblemAlert } from './components/feedback';
import { useI18n } from './i18n';
import type { Page } from './types';

/** A cursor-paged list of the API: the first page at once, then "show more". `path` already holds its query. */
export function usePagedList<T>(path: string) {
  const [items, setItems] = useState<T[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiFailure>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (cursor: string | null) => {
      setLoading(true);
      setFailure(null);
      try {
        const separator = path.includes('?') ? '&' : '?';
        const page = await api<Page<T>>('GET', cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path);
        setItems((previous) => (cursor && previous ? [...previous, ...page.items] : page.items));
        setNextCursor(page.nextCursor);
      } catch (error) {
        setFailure(asFailure(error));
      } finally {
        setLoading(false);
      }
    },
    [path],
  );

  useEffect(() => {
    setItems(null);
    void load(null);
  }, [load]);

  return { items, failure, loading, hasMore: nextCursor !== null, loadMore: () => void load(nextCursor), reload: () => void load(null) };
}

export type PagedListState<T> = ReturnType<typeof usePagedList<T>>;

/**
 * A paged list's states: the problem, loading, empty, the items, and "show more" while there are more.
 * `fields` names the form fields that show their own messages (ProblemAlert).
 */
export function PagedItems<T>({ list, empty, fields, className = 'cards', children }: { list: PagedListState<T>; empty: string; fields?: readonly string[]; className?: string; children: (item: T) => ReactNode }) {
  const { t } = useI18n();
  const { items, failure, loading, hasMore, loadMore } = list;
  return (
    <>
      <ProblemAlert failure={failure} fields={fields} />
      {items === null ? failure ? null : <p>{t('app.loading')}</p> : items.length === 0 ? <p>{empty}</p> : <ul className={className}>{items.map(children)}</ul>}
      {hasMore && (
        <button type="button" onClick={loadMore} disabled={loading}>
          {t('list.more')}
        </button>
      )}
    </>
  );
}

/** A paged list of the API at `path`. */
export function PagedList<T>({ path, empty, children }: { path: string; empty: string; children: (item: T) => ReactNode }) {
  const list = usePagedList<T>(path);
  return (
    <PagedItems list={list} empty={empty}>
      {children}
    </PagedItems>
  );
}
