import { graphql } from '@/gql';

/**
 * One page of the catalogue for the product listing (`/`). Kept in one place so the generated types
 * (`ProductListingQuery`, `ProductListingQueryVariables`) describe exactly what the listing renders.
 */
export const ProductListingDocument = graphql(`
  query ProductListing($after: String) {
    products(first: 24, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
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
        }
      }
    }
  }
`);
