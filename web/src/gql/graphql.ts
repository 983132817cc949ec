/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type StockLevel =
  | 'IN_STOCK'
  /** Fewer than the low-stock threshold (10) available. */
  | 'LOW_STOCK'
  | 'OUT_OF_STOCK';

export type ProductListingQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type ProductListingQuery = { products: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, sku: string, slug: string, title: string, category: { name: string, path: Array<string> } | null, brand: { name: string } | null, price: { discountPercent: number | null, current: { amount: number, currency: string, formatted: string }, regular: { formatted: string } } | null, availability: { inStock: boolean, stockLevel: StockLevel, quantityAvailable: number | null } | null } }> } };

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
    `) as unknown as TypedDocumentString<ProductListingQuery, ProductListingQueryVariables>;