'use server';

import type { SearchResultFieldsFragment } from '@/gql/graphql';
import { CategorySearchMoreDocument, SearchMoreDocument } from '@/lib/documents/search';
import { queryGateway } from '@/lib/gateway';
import { SEARCH_PAGE_SIZE, parseSearchParams, searchFilter } from '@/lib/search-state';

export type SearchPage = Pick<SearchResultFieldsFragment, 'edges' | 'pageInfo'>;

/**
 * "Load more" on the search page: the next page of the search described by `query` (the page's own query string)
 * after `cursor`. Returns the page, or an error message for the list to show with a retry button.
 */
export async function loadMoreResults(query: string, cursor: string): Promise<{ ok: true; page: SearchPage } | { ok: false; message: string }> {
  if (typeof query !== 'string' || typeof cursor !== 'string' || query.length > 4000 || cursor.length === 0 || cursor.length > 512) {
    return { ok: false, message: 'These results cannot be continued. Reload the page.' };
  }
  const params: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(query)) (params[k] ??= []).push(v);
  const state = parseSearchParams(params);
  const vars = { query: state.q || null, filter: searchFilter(state), sort: state.sort, first: SEARCH_PAGE_SIZE, after: cursor };
  if (state.category) {
    const { data } = await queryGateway(CategorySearchMoreDocument, { ...vars, slug: state.category });
    if (data?.category) return { ok: true, page: data.category.products };
  } else {
    const { data } = await queryGateway(SearchMoreDocument, vars);
    if (data) return { ok: true, page: data.searchProducts };
  }
  return { ok: false, message: 'More results could not be loaded.' };
}
