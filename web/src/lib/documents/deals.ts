import { graphql } from '@/gql';

/* The deals page. After changing one, run `pnpm codegen` from the repository root. */

/** What a deal card shows (deals page, saved deals). */
export const DealCardFieldsFragment = graphql(`
  fragment DealCardFields on Deal {
    id
    title
    couponCode
    expiresAt
    discountPercent
    verified
    category
    price {
      amount
      currency
      formatted
    }
    originalPrice {
      formatted
    }
    merchant {
      id
      name
    }
    product {
      id
      slug
      title
    }
  }
`);

export const DealsPageDocument = graphql(`
  query DealsPage($filter: DealFilter, $sort: DealSort!, $after: String) {
    deals(first: 24, filter: $filter, sort: $sort, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...DealCardFields
        }
      }
      facets {
        categories {
          value
          count
        }
        discounts {
          value
          count
        }
        merchants {
          count
          merchant {
            id
            name
          }
        }
      }
    }
  }
`);

/** Counts a click on a live deal; answers with the affiliate URL to send the shopper to. */
export const TrackDealClickDocument = graphql(`
  mutation TrackDealClick($id: ID!) {
    trackDealClick(id: $id)
  }
`);
