import { graphql } from '@/gql';

/* Search, autocomplete and event documents. After changing one, run `pnpm codegen` from the repository root. */

/** What a product card shows (listing, search, wishlist). */
export const ProductCardFieldsFragment = graphql(`
  fragment ProductCardFields on Product {
    id
    sku
    slug
    title
    category {
      name
      path
    }
    brand {
      name
    }
    price {
      current {
        amount
        currency
        formatted
      }
      regular {
        formatted
      }
      discountPercent
    }
    availability {
      inStock
      stockLevel
      quantityAvailable
    }
    rating {
      average
      count
    }
  }
`);

/** One page of search results. */
export const SearchResultFieldsFragment = graphql(`
  fragment SearchResultFields on ProductSearchConnection {
    totalCount
    isExact
    didYouMean
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      highlights {
        title
      }
      node {
        ...ProductCardFields
      }
    }
  }
`);

/** Facet counts over every result of a search. */
export const SearchFacetFieldsFragment = graphql(`
  fragment SearchFacetFields on ProductSearchConnection {
    facets {
      isExact
      categories {
        count
        category {
          id
          slug
          name
          path
          parent {
            id
          }
        }
      }
      brands {
        count
        brand {
          id
          name
        }
      }
      priceRanges {
        min
        max
        currency
        count
      }
      ratings {
        minRating
        count
      }
      availability {
        inStock
        count
      }
    }
  }
`);

/** The search page's first paint: the first page of results with facets, across the whole catalogue. */
export const SearchPageDocument = graphql(`
  query SearchPage($query: String, $filter: ProductSearchFilter, $sort: ProductSearchSort!, $first: Int!) {
    searchProducts(query: $query, filter: $filter, sort: $sort, first: $first) {
      ...SearchResultFields
      ...SearchFacetFields
    }
  }
`);

/** The search page limited to a category and its subcategories (`?category=<slug>`). */
export const CategorySearchPageDocument = graphql(`
  query CategorySearchPage($slug: String!, $query: String, $filter: ProductSearchFilter, $sort: ProductSearchSort!, $first: Int!) {
    category(slug: $slug) {
      id
      slug
      name
      path
      products(query: $query, filter: $filter, sort: $sort, first: $first) {
        ...SearchResultFields
        ...SearchFacetFields
      }
    }
  }
`);

/** "Load more": the next page of a search, without facets. */
export const SearchMoreDocument = graphql(`
  query SearchMore($query: String, $filter: ProductSearchFilter, $sort: ProductSearchSort!, $first: Int!, $after: String!) {
    searchProducts(query: $query, filter: $filter, sort: $sort, first: $first, after: $after) {
      ...SearchResultFields
    }
  }
`);

/** "Load more" inside a category. */
export const CategorySearchMoreDocument = graphql(`
  query CategorySearchMore($slug: String!, $query: String, $filter: ProductSearchFilter, $sort: ProductSearchSort!, $first: Int!, $after: String!) {
    category(slug: $slug) {
      id
      products(query: $query, filter: $filter, sort: $sort, first: $first, after: $after) {
        ...SearchResultFields
      }
    }
  }
`);

/** Autocomplete for the header search box: completions with counts and matching products (typo tolerant). */
export const SuggestDocument = graphql(`
  query Suggest($prefix: String!) {
    suggest(prefix: $prefix, first: 5) {
      queries {
        text
        count
      }
      products {
        id
        slug
        title
        brand {
          name
        }
        price {
          current {
            formatted
          }
        }
      }
    }
  }
`);

/** A storefront event for recommendations (product views, searches); fire-and-forget. */
export const TrackEventDocument = graphql(`
  mutation TrackEvent($type: TrackedEventType!, $productId: ID, $query: String) {
    trackEvent(type: $type, productId: $productId, query: $query)
  }
`);
