/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Orders for the catalog listing. */
export type ProductSort =
  /** Best sellers first: the merchandising rank (the demo data seeds it from the number of real orders), then id. */
  | 'FEATURED'
  /** Most recently added first, then id. */
  | 'NEWEST';

export type StockLevel =
  | 'IN_STOCK'
  /** Fewer than the low-stock threshold (10) available. */
  | 'LOW_STOCK'
  | 'OUT_OF_STOCK';

export type ProductListingQueryVariables = Exact<{
  after?: string | null | undefined;
  sort: ProductSort;
}>;


export type ProductListingQuery = { products: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, sku: string, slug: string, title: string, category: { name: string, path: Array<string> } | null, brand: { name: string } | null, price: { discountPercent: number | null, current: { amount: number, currency: string, formatted: string }, regular: { formatted: string } } | null, availability: { inStock: boolean, stockLevel: StockLevel, quantityAvailable: number | null } | null } }> } };

export type ProductPageQueryVariables = Exact<{
  slug: string;
}>;


export type ProductPageQuery = { product: { id: string, sku: string, slug: string, title: string, description: string | null, tags: Array<string>, derivedFields: Array<string>, category: { id: string, name: string, path: Array<string> } | null, brand: { id: string, name: string } | null, price: { discountPercent: number | null, taxIncluded: boolean, current: { amount: number, currency: string, formatted: string }, regular: { amount: number, formatted: string } } | null, availability: { inStock: boolean, stockLevel: StockLevel, quantityAvailable: number | null } | null } | null };

export type ProductExtrasQueryVariables = Exact<{
  slug: string;
}>;


export type ProductExtrasQuery = { product: { id: string, deals: Array<{ id: string, title: string, url: string, couponCode: string | null, startsAt: string, expiresAt: string | null, discountPercent: number | null, price: { amount: number, currency: string, formatted: string }, originalPrice: { formatted: string } | null, merchant: { id: string, name: string } }>, recommendations: Array<{ score: number, reasons: Array<{ detail: string | null }>, product: { id: string, slug: string, title: string, brand: { name: string } | null, price: { discountPercent: number | null, current: { formatted: string }, regular: { formatted: string } } | null, availability: { stockLevel: StockLevel, quantityAvailable: number | null } | null } }> } | null };

export type CartCountQueryVariables = Exact<{
  id: string | number;
}>;


export type CartCountQuery = { cart: { id: string, itemCount: number } | null };

export type CartPageQueryVariables = Exact<{
  id: string | number;
}>;


export type CartPageQuery = { cart: { id: string, itemCount: number, updatedAt: string, lines: Array<{ id: string, quantity: number, product: { id: string, slug: string, sku: string, title: string, brand: { name: string } | null, price: { discountPercent: number | null, taxIncluded: boolean, current: { amount: number, currency: string, formatted: string }, regular: { formatted: string } } | null, availability: { stockLevel: StockLevel, quantityAvailable: number | null } | null } }> } | null };

export type CreateCartMutationVariables = Exact<{ [key: string]: never; }>;


export type CreateCartMutation = { createCart: { id: string } };

export type AddCartLineMutationVariables = Exact<{
  cartId: string | number;
  productId: string | number;
  quantity: number;
}>;


export type AddCartLineMutation = { addCartLine: { id: string, itemCount: number, lines: Array<{ quantity: number, product: { id: string, title: string } }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const ProductListingDocument = new TypedDocumentString(`
    query ProductListing($after: String, $sort: ProductSort!) {
  products(first: 24, after: $after, sort: $sort) {
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
    `) as unknown as TypedDocumentString<ProductListingQuery, ProductListingQueryVariables>;
export const ProductPageDocument = new TypedDocumentString(`
    query ProductPage($slug: String!) {
  product(slug: $slug) {
    id
    sku
    slug
    title
    description
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
    }
  }
}
    `) as unknown as TypedDocumentString<ProductPageQuery, ProductPageQueryVariables>;
export const ProductExtrasDocument = new TypedDocumentString(`
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
  }
}
    `) as unknown as TypedDocumentString<ProductExtrasQuery, ProductExtrasQueryVariables>;
export const CartCountDocument = new TypedDocumentString(`
    query CartCount($id: ID!) {
  cart(id: $id) {
    id
    itemCount
  }
}
    `) as unknown as TypedDocumentString<CartCountQuery, CartCountQueryVariables>;
export const CartPageDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<CartPageQuery, CartPageQueryVariables>;
export const CreateCartDocument = new TypedDocumentString(`
    mutation CreateCart {
  createCart {
    id
  }
}
    `) as unknown as TypedDocumentString<CreateCartMutation, CreateCartMutationVariables>;
export const AddCartLineDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<AddCartLineMutation, AddCartLineMutationVariables>;