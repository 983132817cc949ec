import { graphql } from '@/gql';

/*
 * The catalogue, product and cart documents (search, deals and account ones are in `./documents/`), so the generated types (`<Name>Query`,
 * `<Name>Mutation`, `<Name>QueryVariables`, …) describe exactly what the pages render. After changing one, run
 * `pnpm codegen` from the repository root.
 */

/** One page of the catalogue for the product listing (`/`), in the chosen order. */
export const ProductListingDocument = graphql(`
  query ProductListing($after: String, $sort: ProductSort!) {
    products(first: 24, after: $after, sort: $sort) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...ProductCardFields
        }
      }
    }
  }
`);

/**
 * What the product page needs for its first paint (`/products/[slug]`): the product, its price and its stock.
 * Deals and recommendations come from `ProductExtrasDocument`, fetched in parallel and streamed in.
 */
export const ProductPageDocument = graphql(`
  query ProductPage($slug: String!) {
    product(slug: $slug) {
      id
      sku
      slug
      title
      description
      images
      tags
      derivedFields
      category {
        id
        name
        path
      }
      brand {
        id
        name
      }
      price {
        current {
          amount
          currency
          formatted
        }
        regular {
          amount
          formatted
        }
        discountPercent
        taxIncluded
      }
      availability {
        inStock
        stockLevel
        quantityAvailable
        estimatedDelivery {
          from
          to
          minDays
          maxDays
        }
      }
      rating {
        average
        count
      }
      isWishlisted
    }
  }
`);

/**
 * Below the fold of the product page: the same product's deals at merchants, its reviews, "customers also bought"
 * and similar products.
 */
export const ProductExtrasDocument = graphql(`
  query ProductExtras($slug: String!) {
    product(slug: $slug) {
      id
      deals(first: 10) {
        id
        title
        url
        couponCode
        startsAt
        expiresAt
        discountPercent
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
      }
      recommendations(first: 8) {
        score
        reasons {
          detail
        }
        product {
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
            regular {
              formatted
            }
            discountPercent
          }
          availability {
            stockLevel
            quantityAvailable
          }
        }
      }
      similar(first: 8) {
        score
        reasons {
          detail
        }
        product {
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
            regular {
              formatted
            }
            discountPercent
          }
          availability {
            stockLevel
            quantityAvailable
          }
        }
      }
      reviews(first: 10) {
        totalCount
        edges {
          node {
            id
            rating
            title
            body
            createdAt
            author {
              displayName
            }
          }
        }
      }
    }
  }
`);

/** The header's cart link: how many units the shopper's cart holds. */
export const CartCountDocument = graphql(`
  query CartCount($id: ID!) {
    cart(id: $id) {
      id
      itemCount
    }
  }
`);

/** Everything the cart page (`/cart`) renders. */
export const CartPageDocument = graphql(`
  query CartPage($id: ID!) {
    cart(id: $id) {
      id
      itemCount
      updatedAt
      lines {
        id
        quantity
        product {
          id
          slug
          sku
          title
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
            taxIncluded
          }
          availability {
            stockLevel
            quantityAvailable
          }
        }
      }
    }
  }
`);

/** A new, empty cart owned by the shopper's anonymous session (or signed-in user). */
export const CreateCartDocument = graphql(`
  mutation CreateCart {
    createCart {
      id
    }
  }
`);

/** Adds units of a product to the shopper's cart; answers with the cart so the page can confirm what it holds. */
export const AddCartLineDocument = graphql(`
  mutation AddCartLine($cartId: ID!, $productId: ID!, $quantity: Int!) {
    addCartLine(cartId: $cartId, productId: $productId, quantity: $quantity) {
      id
      itemCount
      lines {
        quantity
        product {
          id
          title
        }
      }
    }
  }
`);
