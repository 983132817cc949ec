/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ProductListing($after: String, $sort: ProductSort!) {\n    products(first: 24, after: $after, sort: $sort) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          sku\n          slug\n          title\n          category {\n            name\n            path\n          }\n          brand {\n            name\n          }\n          price {\n            current {\n              amount\n              currency\n              formatted\n            }\n            regular {\n              formatted\n            }\n            discountPercent\n          }\n          availability {\n            inStock\n            stockLevel\n            quantityAvailable\n          }\n        }\n      }\n    }\n  }\n": typeof types.ProductListingDocument,
    "\n  query ProductPage($slug: String!) {\n    product(slug: $slug) {\n      id\n      sku\n      slug\n      title\n      description\n      tags\n      derivedFields\n      category {\n        id\n        name\n        path\n      }\n      brand {\n        id\n        name\n      }\n      price {\n        current {\n          amount\n          currency\n          formatted\n        }\n        regular {\n          amount\n          formatted\n        }\n        discountPercent\n        taxIncluded\n      }\n      availability {\n        inStock\n        stockLevel\n        quantityAvailable\n      }\n    }\n  }\n": typeof types.ProductPageDocument,
    "\n  query ProductExtras($slug: String!) {\n    product(slug: $slug) {\n      id\n      deals(first: 10) {\n        id\n        title\n        url\n        couponCode\n        startsAt\n        expiresAt\n        discountPercent\n        price {\n          amount\n          currency\n          formatted\n        }\n        originalPrice {\n          formatted\n        }\n        merchant {\n          id\n          name\n        }\n      }\n      recommendations(first: 8) {\n        score\n        reasons {\n          detail\n        }\n        product {\n          id\n          slug\n          title\n          brand {\n            name\n          }\n          price {\n            current {\n              formatted\n            }\n            regular {\n              formatted\n            }\n            discountPercent\n          }\n          availability {\n            stockLevel\n            quantityAvailable\n          }\n        }\n      }\n    }\n  }\n": typeof types.ProductExtrasDocument,
    "\n  query CartCount($id: ID!) {\n    cart(id: $id) {\n      id\n      itemCount\n    }\n  }\n": typeof types.CartCountDocument,
    "\n  query CartPage($id: ID!) {\n    cart(id: $id) {\n      id\n      itemCount\n      updatedAt\n      lines {\n        id\n        quantity\n        product {\n          id\n          slug\n          sku\n          title\n          brand {\n            name\n          }\n          price {\n            current {\n              amount\n              currency\n              formatted\n            }\n            regular {\n              formatted\n            }\n            discountPercent\n            taxIncluded\n          }\n          availability {\n            stockLevel\n            quantityAvailable\n          }\n        }\n      }\n    }\n  }\n": typeof types.CartPageDocument,
    "\n  mutation CreateCart {\n    createCart {\n      id\n    }\n  }\n": typeof types.CreateCartDocument,
    "\n  mutation AddCartLine($cartId: ID!, $productId: ID!, $quantity: Int!) {\n    addCartLine(cartId: $cartId, productId: $productId, quantity: $quantity) {\n      id\n      itemCount\n      lines {\n        quantity\n        product {\n          id\n          title\n        }\n      }\n    }\n  }\n": typeof types.AddCartLineDocument,
};
const documents: Documents = {
    "\n  query ProductListing($after: String, $sort: ProductSort!) {\n    products(first: 24, after: $after, sort: $sort) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          sku\n          slug\n          title\n          category {\n            name\n            path\n          }\n          brand {\n            name\n          }\n          price {\n            current {\n              amount\n              currency\n              formatted\n            }\n            regular {\n              formatted\n            }\n            discountPercent\n          }\n          availability {\n            inStock\n            stockLevel\n            quantityAvailable\n          }\n        }\n      }\n    }\n  }\n": types.ProductListingDocument,
    "\n  query ProductPage($slug: String!) {\n    product(slug: $slug) {\n      id\n      sku\n      slug\n      title\n      description\n      tags\n      derivedFields\n      category {\n        id\n        name\n        path\n      }\n      brand {\n        id\n        name\n      }\n      price {\n        current {\n          amount\n          currency\n          formatted\n        }\n        regular {\n          amount\n          formatted\n        }\n        discountPercent\n        taxIncluded\n      }\n      availability {\n        inStock\n        stockLevel\n        quantityAvailable\n      }\n    }\n  }\n": types.ProductPageDocument,
    "\n  query ProductExtras($slug: String!) {\n    product(slug: $slug) {\n      id\n      deals(first: 10) {\n        id\n        title\n        url\n        couponCode\n        startsAt\n        expiresAt\n        discountPercent\n        price {\n          amount\n          currency\n          formatted\n        }\n        originalPrice {\n          formatted\n        }\n        merchant {\n          id\n          name\n        }\n      }\n      recommendations(first: 8) {\n        score\n        reasons {\n          detail\n        }\n        product {\n          id\n          slug\n          title\n          brand {\n            name\n          }\n          price {\n            current {\n              formatted\n            }\n            regular {\n              formatted\n            }\n            discountPercent\n          }\n          availability {\n            stockLevel\n            quantityAvailable\n          }\n        }\n      }\n    }\n  }\n": types.ProductExtrasDocument,
    "\n  query CartCount($id: ID!) {\n    cart(id: $id) {\n      id\n      itemCount\n    }\n  }\n": types.CartCountDocument,
    "\n  query CartPage($id: ID!) {\n    cart(id: $id) {\n      id\n      itemCount\n      updatedAt\n      lines {\n        id\n        quantity\n        product {\n          id\n          slug\n          sku\n          title\n          brand {\n            name\n          }\n          price {\n            current {\n              amount\n              currency\n              formatted\n            }\n            regular {\n              formatted\n            }\n            discountPercent\n            taxIncluded\n          }\n          availability {\n            stockLevel\n            quantityAvailable\n          }\n        }\n      }\n    }\n  }\n": types.CartPageDocument,
    "\n  mutation CreateCart {\n    createCart {\n      id\n    }\n  }\n": types.CreateCartDocument,
    "\n  mutation AddCartLine($cartId: ID!, $productId: ID!, $quantity: Int!) {\n    addCartLine(cartId: $cartId, productId: $productId, quantity: $quantity) {\n      id\n      itemCount\n      lines {\n        quantity\n        product {\n          id\n          title\n        }\n      }\n    }\n  }\n": types.AddCartLineDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProductListing($after: String, $sort: ProductSort!) {\n    products(first: 24, after: $after, sort: $sort) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          sku\n          slug\n          title\n          category {\n            name\n            path\n          }\n          brand {\n            name\n          }\n          price {\n            current {\n              amount\n              currency\n              formatted\n            }\n            regular {\n              formatted\n            }\n            discountPercent\n          }\n          availability {\n            inStock\n            stockLevel\n            quantityAvailable\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ProductListingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProductPage($slug: String!) {\n    product(slug: $slug) {\n      id\n      sku\n      slug\n      title\n      description\n      tags\n      derivedFields\n      category {\n        id\n        name\n        path\n      }\n      brand {\n        id\n        name\n      }\n      price {\n        current {\n          amount\n          currency\n          formatted\n        }\n        regular {\n          amount\n          formatted\n        }\n        discountPercent\n        taxIncluded\n      }\n      availability {\n        inStock\n        stockLevel\n        quantityAvailable\n      }\n    }\n  }\n"): typeof import('./graphql').ProductPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProductExtras($slug: String!) {\n    product(slug: $slug) {\n      id\n      deals(first: 10) {\n        id\n        title\n        url\n        couponCode\n        startsAt\n        expiresAt\n        discountPercent\n        price {\n          amount\n          currency\n          formatted\n        }\n        originalPrice {\n          formatted\n        }\n        merchant {\n          id\n          name\n        }\n      }\n      recommendations(first: 8) {\n        score\n        reasons {\n          detail\n        }\n        product {\n          id\n          slug\n          title\n          brand {\n            name\n          }\n          price {\n            current {\n              formatted\n            }\n            regular {\n              formatted\n            }\n            discountPercent\n          }\n          availability {\n            stockLevel\n            quantityAvailable\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ProductExtrasDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CartCount($id: ID!) {\n    cart(id: $id) {\n      id\n      itemCount\n    }\n  }\n"): typeof import('./graphql').CartCountDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CartPage($id: ID!) {\n    cart(id: $id) {\n      id\n      itemCount\n      updatedAt\n      lines {\n        id\n        quantity\n        product {\n          id\n          slug\n          sku\n          title\n          brand {\n            name\n          }\n          price {\n            current {\n              amount\n              currency\n              formatted\n            }\n            regular {\n              formatted\n            }\n            discountPercent\n            taxIncluded\n          }\n          availability {\n            stockLevel\n            quantityAvailable\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').CartPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCart {\n    createCart {\n      id\n    }\n  }\n"): typeof import('./graphql').CreateCartDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddCartLine($cartId: ID!, $productId: ID!, $quantity: Int!) {\n    addCartLine(cartId: $cartId, productId: $productId, quantity: $quantity) {\n      id\n      itemCount\n      lines {\n        quantity\n        product {\n          id\n          title\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AddCartLineDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
