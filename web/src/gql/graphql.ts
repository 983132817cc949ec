/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type CheckoutInput = {
  cartId: string | number;
  /**
   * A key the client makes once per checkout attempt (8–100 characters) and sends again on every retry: a replay returns
   * the same result, and never charges or reserves twice. The same key with a different cart is IdempotencyKeyConflict.
   */
  idempotencyKey: string;
  payment: PaymentInput;
  /** The `Cart.totals.quoteToken` the shopper confirmed: the amount charged is exactly that quote's total. */
  quoteToken: string;
};

export type DealFilter = {
  /** A category or any of its subcategories, e.g. "Home" matches "Home > Decor" (case-insensitive). */
  category?: string | null | undefined;
  /** Only deals ending within this many hours (1–8760). */
  expiringWithin?: number | null | undefined;
  /** Only these merchants (at most 50 ids). */
  merchants?: Array<string | number> | null | undefined;
  /** Whole-percent saving at least this (0–99), computed from the prices. */
  minDiscount?: number | null | undefined;
  priceRange?: DealPriceRange | null | undefined;
  /** Words to find in title, description, brand and category (web-search syntax: quotes, -word, OR). */
  query?: string | null | undefined;
  /** Only verified deals (see Deal.verified). */
  verifiedOnly?: boolean | null | undefined;
};

/** Prices in minor units of one currency, both ends inclusive. */
export type DealPriceRange = {
  /** ISO 4217; when given, only deals in this currency match. */
  currency?: string | null | undefined;
  max?: number | null | undefined;
  min?: number | null | undefined;
};

export type DealSort =
  /** Largest saving first. */
  | 'DISCOUNT'
  /** Soonest expiry first (deals without expiry last). */
  | 'ENDING_SOON'
  /** Most recently added first. */
  | 'NEWEST'
  /** Most clicks and saves first. */
  | 'POPULARITY'
  /** Lowest price first. */
  | 'PRICE'
  /** Best match for the query weighted by confidence; without a query, most trusted first. */
  | 'RELEVANCE';

export type OrderStatus =
  /** Cancelled before shipping: stock returned, payment refunded. */
  | 'CANCELLED'
  | 'DELIVERED'
  /** Paid, held for a fraud review before it ships. */
  | 'HELD'
  /** Paid; being prepared for shipping. */
  | 'PAID'
  /** Created and awaiting payment confirmation. */
  | 'PLACED'
  /** Refunded through the payment provider. */
  | 'REFUNDED'
  | 'SHIPPED';

export type PaymentInput = {
  /** Card number, spaces allowed. Sandbox cards: README (4242 4242 4242 4242 succeeds). */
  cardNumber: string;
  cvc: string;
  expiryMonth: number;
  expiryYear: number;
};

/** A price range in minor units of `currency` (both ends included). */
export type PriceRangeFilter = {
  /** ISO 4217; default the shopper's currency, else GBP. Only GBP is offered for now. */
  currency?: string | null | undefined;
  max?: number | null | undefined;
  min?: number | null | undefined;
};

/** Search filters; all given filters must hold. Facets count each filter's alternatives with the other filters applied. */
export type ProductSearchFilter = {
  /** Products of any of these brands (at most 50). */
  brandIds?: Array<string | number> | null | undefined;
  /** Products in any of these categories or their descendants (at most 50). */
  categoryIds?: Array<string | number> | null | undefined;
  /** Only products available now. */
  inStockOnly?: boolean | null | undefined;
  /** Discount of at least this many percent (0–100). */
  minDiscountPercent?: number | null | undefined;
  /** Average rating of at least this many stars (1–5); unrated products are left out. */
  minRating?: number | null | undefined;
  price?: PriceRangeFilter | null | undefined;
};

/** Orders of search results. Ties are broken by product id, so pages never overlap. */
export type ProductSearchSort =
  /** Largest discount (percent below the regular price) first. */
  | 'DISCOUNT'
  /** Most recently added first. */
  | 'NEWEST'
  /** Cheapest first; products without a price last. */
  | 'PRICE_ASC'
  /** Most expensive first; products without a price last. */
  | 'PRICE_DESC'
  /** Highest average rating first, then most ratings. */
  | 'RATING'
  /** Best match first (field weights title > brand > category > description, phrase and prefix boosts); without a query, best sellers first. */
  | 'RELEVANCE';

/** Orders for the catalog listing. */
export type ProductSort =
  /** Best sellers first: the merchandising rank (the demo data seeds it from the number of real orders), then id. */
  | 'FEATURED'
  /** Most recently added first, then id. */
  | 'NEWEST';

/** Absent fields stay unchanged; null clears country, currency and language. */
export type ProfileInput = {
  country?: string | null | undefined;
  currency?: string | null | undefined;
  displayName?: string | null | undefined;
  language?: string | null | undefined;
};

export type ShippingAddressInput = {
  /** 1–100 characters. */
  city: string;
  /** ISO 3166-1 alpha-2 of a country Emporium sells to (see `taxRates`). */
  country: string;
  /** 1–200 characters. */
  line1: string;
  line2?: string | null | undefined;
  /** 1–100 characters. */
  name: string;
  phone?: string | null | undefined;
  /** 1–20 characters. */
  postalCode: string;
};

export type SignUpInput = {
  /** ISO 3166-1 alpha-2. */
  country?: string | null | undefined;
  /** ISO 4217. */
  currency?: string | null | undefined;
  /** 1–60 characters. */
  displayName: string;
  /** Stored normalised: Unicode NFKC, trimmed, lower-case. */
  email: string;
  /** BCP 47, e.g. en-GB. */
  language?: string | null | undefined;
  /** 12–128 characters. */
  password: string;
};

export type StockLevel =
  | 'IN_STOCK'
  /** Fewer than the low-stock threshold (10) available. */
  | 'LOW_STOCK'
  | 'OUT_OF_STOCK';

/** A storefront event the recommendation subgraph learns from. */
export type TrackedEventType =
  | 'ADD_TO_CART'
  | 'PAGE_VIEW'
  | 'PRODUCT_VIEW'
  | 'PURCHASE'
  | 'SEARCH';

export type AuthFieldsFragment = { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, refreshTokenExpiresAt: string, user: { id: string, displayName: string } };

export type SignInMutationVariables = Exact<{
  email: string;
  password: string;
}>;


export type SignInMutation = { signIn:
    | { __typename: 'AuthPayload', accessToken: string, accessTokenExpiresAt: string, refreshToken: string, refreshTokenExpiresAt: string, user: { id: string, displayName: string } }
    | { __typename: 'InvalidCredentials', message: string }
    | { __typename: 'TooManyAttempts', message: string }
   };

export type SignUpMutationVariables = Exact<{
  input: SignUpInput;
}>;


export type SignUpMutation = { signUp:
    | { __typename: 'AuthPayload', accessToken: string, accessTokenExpiresAt: string, refreshToken: string, refreshTokenExpiresAt: string, user: { id: string, displayName: string } }
    | { __typename: 'EmailTaken', message: string }
    | { __typename: 'InvalidEmail', message: string }
    | { __typename: 'TooManyAttempts', message: string }
    | { __typename: 'WeakPassword', message: string }
   };

export type RefreshSessionMutationVariables = Exact<{
  refreshToken: string;
}>;


export type RefreshSessionMutation = { refreshSession:
    | { __typename: 'AuthPayload', accessToken: string, accessTokenExpiresAt: string, refreshToken: string, refreshTokenExpiresAt: string, user: { id: string, displayName: string } }
    | { __typename: 'InvalidRefreshToken', message: string }
    | { __typename: 'RefreshTokenReused', message: string }
   };

export type SignOutMutationVariables = Exact<{
  refreshToken: string;
}>;


export type SignOutMutation = { signOut: { sessionsRevoked: number } };

export type AccountProfileQueryVariables = Exact<{ [key: string]: never; }>;


export type AccountProfileQuery = { me: { id: string, email: string | null, displayName: string, country: string | null, currency: string | null, language: string | null, createdAt: string | null, wishlist: { totalCount: number } | null, savedDeals: { totalCount: number } | null } | null };

export type UpdateProfileMutationVariables = Exact<{
  input: ProfileInput;
}>;


export type UpdateProfileMutation = { updateProfile: { accessToken: string, accessTokenExpiresAt: string, user: { id: string, displayName: string } } };

export type WishlistPageQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type WishlistPageQuery = { me: { id: string, wishlist: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { addedAt: string, product: { id: string, sku: string, slug: string, title: string, category: { name: string, path: Array<string> } | null, brand: { name: string } | null, price: { discountPercent: number | null, current: { amount: number, currency: string, formatted: string }, regular: { formatted: string } } | null, availability: { inStock: boolean, stockLevel: StockLevel, quantityAvailable: number | null } | null, rating: { average: number | null, count: number } } } }> } | null } | null };

export type SavedDealsPageQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type SavedDealsPageQuery = { me: { id: string, savedDeals: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { savedAt: string, deal: { id: string, title: string, couponCode: string | null, expiresAt: string | null, discountPercent: number | null, verified: boolean, category: string | null, price: { amount: number, currency: string, formatted: string }, originalPrice: { formatted: string } | null, merchant: { id: string, name: string }, product: { id: string, slug: string, title: string } | null } } }> } | null } | null };

export type AddToWishlistMutationVariables = Exact<{
  productId: string | number;
}>;


export type AddToWishlistMutation = { addToWishlist: { addedAt: string } };

export type RemoveFromWishlistMutationVariables = Exact<{
  productId: string | number;
}>;


export type RemoveFromWishlistMutation = { removeFromWishlist: boolean };

export type SaveDealMutationVariables = Exact<{
  dealId: string | number;
}>;


export type SaveDealMutation = { saveDeal: { savedAt: string } };

export type UnsaveDealMutationVariables = Exact<{
  dealId: string | number;
}>;


export type UnsaveDealMutation = { unsaveDeal: boolean };

export type AddReviewMutationVariables = Exact<{
  productId: string | number;
  rating: number;
  title: string;
  body: string;
}>;


export type AddReviewMutation = { addReview: { id: string } };

export type CartFieldsFragment = { id: string, itemCount: number, country: string, currency: string, email: string | null, promoCodes: Array<string>, updatedAt: string, shippingAddress: { name: string, line1: string, line2: string | null, city: string, postalCode: string, country: string, phone: string | null } | null, lines: Array<{ id: string, quantity: number, unitPrice: { amount: number, currency: string, formatted: string } | null, total: { formatted: string } | null, product: { id: string, slug: string, sku: string, title: string, brand: { name: string } | null, price: { discountPercent: number | null, taxIncluded: boolean, current: { amount: number, currency: string, formatted: string }, regular: { formatted: string } } | null, availability: { stockLevel: StockLevel, quantityAvailable: number | null } | null } }>, totals: { taxIncluded: boolean, expiresAt: string, quoteToken: string, subtotal: { formatted: string }, discount: { amount: number, formatted: string }, shipping: { amount: number, formatted: string }, tax: { formatted: string }, total: { amount: number, currency: string, formatted: string }, promotions: Array<{ code: string, description: string, discount: { formatted: string } }>, rejectedPromoCodes: Array<{ code: string, message: string }> } | null };

export type CartDetailsQueryVariables = Exact<{
  id: string | number;
}>;


export type CartDetailsQuery = { cart: { id: string, itemCount: number, country: string, currency: string, email: string | null, promoCodes: Array<string>, updatedAt: string, shippingAddress: { name: string, line1: string, line2: string | null, city: string, postalCode: string, country: string, phone: string | null } | null, lines: Array<{ id: string, quantity: number, unitPrice: { amount: number, currency: string, formatted: string } | null, total: { formatted: string } | null, product: { id: string, slug: string, sku: string, title: string, brand: { name: string } | null, price: { discountPercent: number | null, taxIncluded: boolean, current: { amount: number, currency: string, formatted: string }, regular: { formatted: string } } | null, availability: { stockLevel: StockLevel, quantityAvailable: number | null } | null } }>, totals: { taxIncluded: boolean, expiresAt: string, quoteToken: string, subtotal: { formatted: string }, discount: { amount: number, formatted: string }, shipping: { amount: number, formatted: string }, tax: { formatted: string }, total: { amount: number, currency: string, formatted: string }, promotions: Array<{ code: string, description: string, discount: { formatted: string } }>, rejectedPromoCodes: Array<{ code: string, message: string }> } | null } | null };

export type UpdateCartLineMutationVariables = Exact<{
  cartId: string | number;
  lineId: string | number;
  quantity: number;
}>;


export type UpdateCartLineMutation = { updateCartLine: { id: string, itemCount: number } };

export type RemoveCartLineMutationVariables = Exact<{
  cartId: string | number;
  lineId: string | number;
}>;


export type RemoveCartLineMutation = { removeCartLine: { id: string, itemCount: number } };

export type ApplyPromoCodeMutationVariables = Exact<{
  cartId: string | number;
  code: string;
}>;


export type ApplyPromoCodeMutation = { applyPromoCode:
    | { __typename: 'Cart' }
    | { __typename: 'PromoCodeInvalid', code: string, message: string, reason: string }
   };

export type RemovePromoCodeMutationVariables = Exact<{
  cartId: string | number;
  code: string;
}>;


export type RemovePromoCodeMutation = { removePromoCode: { id: string } };

export type SetShippingAddressMutationVariables = Exact<{
  cartId: string | number;
  address: ShippingAddressInput;
}>;


export type SetShippingAddressMutation = { setShippingAddress: { id: string } };

export type SetCartEmailMutationVariables = Exact<{
  cartId: string | number;
  email: string;
}>;


export type SetCartEmailMutation = { setCartEmail: { id: string } };

export type MergeGuestCartMutationVariables = Exact<{ [key: string]: never; }>;


export type MergeGuestCartMutation = { mergeGuestCart: { id: string, itemCount: number } };

export type OrderFieldsFragment = { id: string, number: string, status: OrderStatus, placedAt: string, currency: string, cancellable: boolean, promoCodes: Array<string>, subtotal: { formatted: string }, discount: { amount: number, formatted: string }, shipping: { formatted: string }, tax: { formatted: string }, total: { formatted: string }, shippingAddress: { name: string, line1: string, line2: string | null, city: string, postalCode: string, country: string } | null, payment: { method: string, amount: { formatted: string } } | null, lines: Array<{ lineNo: number, quantity: number, unitPrice: { formatted: string }, total: { formatted: string }, product: { id: string, slug: string, title: string } }>, history: Array<{ at: string, status: OrderStatus, note: string | null }> };

export type CheckoutMutationVariables = Exact<{
  input: CheckoutInput;
}>;


export type CheckoutMutation = { checkout:
    | { __typename: 'CheckoutRejected', message: string, reason: string }
    | { __typename: 'CheckoutSuccess', replayed: boolean, order: { id: string, number: string } }
    | { __typename: 'IdempotencyKeyConflict', message: string }
    | { __typename: 'OutOfStock', message: string, items: Array<{ available: number, requested: number, product: { title: string } }> }
    | { __typename: 'PaymentDeclined', message: string, reason: string }
    | { __typename: 'PriceChanged', message: string }
    | { __typename: 'PromoCodeInvalid', message: string, code: string }
   };

export type OrderDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type OrderDetailQuery = { order: { id: string, number: string, status: OrderStatus, placedAt: string, currency: string, cancellable: boolean, promoCodes: Array<string>, subtotal: { formatted: string }, discount: { amount: number, formatted: string }, shipping: { formatted: string }, tax: { formatted: string }, total: { formatted: string }, shippingAddress: { name: string, line1: string, line2: string | null, city: string, postalCode: string, country: string } | null, payment: { method: string, amount: { formatted: string } } | null, lines: Array<{ lineNo: number, quantity: number, unitPrice: { formatted: string }, total: { formatted: string }, product: { id: string, slug: string, title: string } }>, history: Array<{ at: string, status: OrderStatus, note: string | null }> } | null };

export type OrderHistoryQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type OrderHistoryQuery = { me: { id: string, orders: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, number: string, status: OrderStatus, placedAt: string, total: { formatted: string }, lines: Array<{ lineNo: number, quantity: number }> } }> } | null } | null };

export type DealCardFieldsFragment = { id: string, title: string, couponCode: string | null, expiresAt: string | null, discountPercent: number | null, verified: boolean, category: string | null, price: { amount: number, currency: string, formatted: string }, originalPrice: { formatted: string } | null, merchant: { id: string, name: string }, product: { id: string, slug: string, title: string } | null };

export type DealsPageQueryVariables = Exact<{
  filter?: DealFilter | null | undefined;
  sort: DealSort;
  after?: string | null | undefined;
}>;


export type DealsPageQuery = { deals: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, title: string, couponCode: string | null, expiresAt: string | null, discountPercent: number | null, verified: boolean, category: string | null, price: { amount: number, currency: string, formatted: string }, originalPrice: { formatted: string } | null, merchant: { id: string, name: string }, product: { id: string, slug: string, title: string } | null } }>, facets: { categories: Array<{ value: string, count: number }>, discounts: Array<{ value: string, count: number }>, merchants: Array<{ count: number, merchant: { id: string, name: string } }> } } };

export type TrackDealClickMutationVariables = Exact<{
  id: string | number;
}>;


export type TrackDealClickMutation = { trackDealClick: string };

export type ProductCardFieldsFragment = { id: string, sku: string, slug: string, title: string, category: { name: string, path: Array<string> } | null, brand: { name: string } | null, price: { discountPercent: number | null, current: { amount: number, currency: string, formatted: string }, regular: { formatted: string } } | null, availability: { inStock: boolean, stockLevel: StockLevel, quantityAvailable: number | null } | null, rating: { average: number | null, count: number } };

export type SearchResultFieldsFragment = { totalCount: number, isExact: boolean, didYouMean: string | null, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, highlights: { title: string }, node: { id: string, sku: string, slug: string, title: string, category: { name: string, path: Array<string> } | null, brand: { name: string } | null, price: { discountPercent: number | null, current: { amount: number, currency: string, formatted: string }, regular: { formatted: string } } | null, availability: { inStock: boolean, stockLevel: StockLevel, quantityAvailable: number | null } | null, rating: { average: number | null, count: number } } }> };

export type SearchFacetFieldsFragment = { facets: { isExact: boolean, categories: Array<{ count: number, category: { id: string, slug: string, name: string, path: Array<string>, parent: { id: string } | null } }>, brands: Array<{ count: number, brand: { id: string, name: string } }>, priceRanges: Array<{ min: number, max: number | null, currency: string, count: number }>, ratings: Array<{ minRating: number, count: number }>, availability: Array<{ inStock: boolean, count: number }> } };

export type SearchPageQueryVariables = Exact<{
  query?: string | null | undefined;
  filter?: ProductSearchFilter | null | undefined;
  sort: ProductSearchSort;
  first: number;
}>;


export type SearchPageQuery = { searchProducts: { totalCount: number, isExact: boolean, didYouMean: string | null, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, highlights: { title: string }, node: { id: string, sku: string, slug: string, title: string, category: { name: string, path: Array<string> } | null, brand: { name: string } | null, price: { discountPercent: number | null, current: { amount: number, currency: string, formatted: string }, regular: { formatted: string } } | null, availability: { inStock: boolean, stockLevel: StockLevel, quantityAvailable: number | null } | null, rating: { average: number | null, count: number } } }>, facets: { isExact: boolean, categories: Array<{ count: number, category: { id: string, slug: string, name: string, path: Array<string>, parent: { id: string } | null } }>, brands: Array<{ count: number, brand: { id: string, name: string } }>, priceRanges: Array<{ min: number, max: number | null, currency: string, count: number }>, ratings: Array<{ minRating: number, count: number }>, availability: Array<{ inStock: boolean, count: number }> } } };

export type CategorySearchPageQueryVariables = Exact<{
  slug: string;
  query?: string | null | undefined;
  filter?: ProductSearchFilter | null | undefined;
  sort: ProductSearchSort;
  first: number;
}>;


export type CategorySearchPageQuery = { category: { id: string, slug: string, name: string, path: Array<string>, products: { totalCount: number, isExact: boolean, didYouMean: string | null, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, highlights: { title: string }, node: { id: string, sku: string, slug: string, title: string, category: { name: string, path: Array<string> } | null, brand: { name: string } | null, price: { discountPercent: number | null, current: { amount: number, currency: string, formatted: string }, regular: { formatted: string } } | null, availability: { inStock: boolean, stockLevel: StockLevel, quantityAvailable: number | null } | null, rating: { average: number | null, count: number } } }>, facets: { isExact: boolean, categories: Array<{ count: number, category: { id: string, slug: string, name: string, path: Array<string>, parent: { id: string } | null } }>, brands: Array<{ count: number, brand: { id: string, name: string } }>, priceRanges: Array<{ min: number, max: number | null, currency: string, count: number }>, ratings: Array<{ minRating: number, count: number }>, availability: Array<{ inStock: boolean, count: number }> } } } | null };

export type SearchMoreQueryVariables = Exact<{
  query?: string | null | undefined;
  filter?: ProductSearchFilter | null | undefined;
  sort: ProductSearchSort;
  first: number;
  after: string;
}>;


export type SearchMoreQuery = { searchProducts: { totalCount: number, isExact: boolean, didYouMean: string | null, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, highlights: { title: string }, node: { id: string, sku: string, slug: string, title: string, category: { name: string, path: Array<string> } | null, brand: { name: string } | null, price: { discountPercent: number | null, current: { amount: number, currency: string, formatted: string }, regular: { formatted: string } } | null, availability: { inStock: boolean, stockLevel: StockLevel, quantityAvailable: number | null } | null, rating: { average: number | null, count: number } } }> } };

export type CategorySearchMoreQueryVariables = Exact<{
  slug: string;
  query?: string | null | undefined;
  filter?: ProductSearchFilter | null | undefined;
  sort: ProductSearchSort;
  first: number;
  after: string;
}>;


export type CategorySearchMoreQuery = { category: { id: string, products: { totalCount: number, isExact: boolean, didYouMean: string | null, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, highlights: { title: string }, node: { id: string, sku: string, slug: string, title: string, category: { name: string, path: Array<string> } | null, brand: { name: string } | null, price: { discountPercent: number | null, current: { amount: number, currency: string, formatted: string }, regular: { formatted: string } } | null, availability: { inStock: boolean, stockLevel: StockLevel, quantityAvailable: number | null } | null, rating: { average: number | null, count: number } } }> } } | null };

export type SuggestQueryVariables = Exact<{
  prefix: string;
}>;


export type SuggestQuery = { suggest: { queries: Array<{ text: string, count: number }>, products: Array<{ id: string, slug: string, title: string, brand: { name: string } | null, price: { current: { formatted: string } } | null }> } };

export type TrackEventMutationVariables = Exact<{
  type: TrackedEventType;
  productId?: string | number | null | undefined;
  query?: string | null | undefined;
}>;


export type TrackEventMutation = { trackEvent: boolean };

export type ProductListingQueryVariables = Exact<{
  after?: string | null | undefined;
  sort: ProductSort;
}>;


export type ProductListingQuery = { products: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, sku: string, slug: string, title: string, category: { name: string, path: Array<string> } | null, brand: { name: string } | null, price: { discountPercent: number | null, current: { amount: number, currency: string, formatted: string }, regular: { formatted: string } } | null, availability: { inStock: boolean, stockLevel: StockLevel, quantityAvailable: number | null } | null, rating: { average: number | null, count: number } } }> } };

export type ProductPageQueryVariables = Exact<{
  slug: string;
}>;


export type ProductPageQuery = { product: { id: string, sku: string, slug: string, title: string, description: string | null, images: Array<string>, tags: Array<string>, derivedFields: Array<string>, isWishlisted: boolean, category: { id: string, name: string, path: Array<string> } | null, brand: { id: string, name: string } | null, price: { discountPercent: number | null, taxIncluded: boolean, current: { amount: number, currency: string, formatted: string }, regular: { amount: number, formatted: string } } | null, availability: { inStock: boolean, stockLevel: StockLevel, quantityAvailable: number | null, estimatedDelivery: { from: string, to: string, minDays: number, maxDays: number } | null } | null, rating: { average: number | null, count: number } } | null };

export type ProductExtrasQueryVariables = Exact<{
  slug: string;
}>;


export type ProductExtrasQuery = { product: { id: string, deals: Array<{ id: string, title: string, url: string, couponCode: string | null, startsAt: string, expiresAt: string | null, discountPercent: number | null, price: { amount: number, currency: string, formatted: string }, originalPrice: { formatted: string } | null, merchant: { id: string, name: string } }>, recommendations: Array<{ score: number, reasons: Array<{ detail: string | null }>, product: { id: string, slug: string, title: string, brand: { name: string } | null, price: { discountPercent: number | null, current: { formatted: string }, regular: { formatted: string } } | null, availability: { stockLevel: StockLevel, quantityAvailable: number | null } | null } }>, similar: Array<{ score: number, reasons: Array<{ detail: string | null }>, product: { id: string, slug: string, title: string, brand: { name: string } | null, price: { discountPercent: number | null, current: { formatted: string }, regular: { formatted: string } } | null, availability: { stockLevel: StockLevel, quantityAvailable: number | null } | null } }>, reviews: { totalCount: number, edges: Array<{ node: { id: string, rating: number, title: string, body: string, createdAt: string, author: { displayName: string } } }> } } | null };

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
export const AuthFieldsFragmentDoc = new TypedDocumentString(`
    fragment AuthFields on AuthPayload {
  accessToken
  accessTokenExpiresAt
  refreshToken
  refreshTokenExpiresAt
  user {
    id
    displayName
  }
}
    `, {"fragmentName":"AuthFields"}) as unknown as TypedDocumentString<AuthFieldsFragment, unknown>;
export const CartFieldsFragmentDoc = new TypedDocumentString(`
    fragment CartFields on Cart {
  id
  itemCount
  country
  currency
  email
  promoCodes
  updatedAt
  shippingAddress {
    name
    line1
    line2
    city
    postalCode
    country
    phone
  }
  lines {
    id
    quantity
    unitPrice {
      amount
      currency
      formatted
    }
    total {
      formatted
    }
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
  totals {
    subtotal {
      formatted
    }
    discount {
      amount
      formatted
    }
    shipping {
      amount
      formatted
    }
    tax {
      formatted
    }
    taxIncluded
    total {
      amount
      currency
      formatted
    }
    expiresAt
    quoteToken
    promotions {
      code
      description
      discount {
        formatted
      }
    }
    rejectedPromoCodes {
      code
      message
    }
  }
}
    `, {"fragmentName":"CartFields"}) as unknown as TypedDocumentString<CartFieldsFragment, unknown>;
export const OrderFieldsFragmentDoc = new TypedDocumentString(`
    fragment OrderFields on Order {
  id
  number
  status
  placedAt
  currency
  cancellable
  promoCodes
  subtotal {
    formatted
  }
  discount {
    amount
    formatted
  }
  shipping {
    formatted
  }
  tax {
    formatted
  }
  total {
    formatted
  }
  shippingAddress {
    name
    line1
    line2
    city
    postalCode
    country
  }
  payment {
    method
    amount {
      formatted
    }
  }
  lines {
    lineNo
    quantity
    unitPrice {
      formatted
    }
    total {
      formatted
    }
    product {
      id
      slug
      title
    }
  }
  history {
    at
    status
    note
  }
}
    `, {"fragmentName":"OrderFields"}) as unknown as TypedDocumentString<OrderFieldsFragment, unknown>;
export const DealCardFieldsFragmentDoc = new TypedDocumentString(`
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
    `, {"fragmentName":"DealCardFields"}) as unknown as TypedDocumentString<DealCardFieldsFragment, unknown>;
export const ProductCardFieldsFragmentDoc = new TypedDocumentString(`
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
    `, {"fragmentName":"ProductCardFields"}) as unknown as TypedDocumentString<ProductCardFieldsFragment, unknown>;
export const SearchResultFieldsFragmentDoc = new TypedDocumentString(`
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
}`, {"fragmentName":"SearchResultFields"}) as unknown as TypedDocumentString<SearchResultFieldsFragment, unknown>;
export const SearchFacetFieldsFragmentDoc = new TypedDocumentString(`
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
    `, {"fragmentName":"SearchFacetFields"}) as unknown as TypedDocumentString<SearchFacetFieldsFragment, unknown>;
export const SignInDocument = new TypedDocumentString(`
    mutation SignIn($email: String!, $password: String!) {
  signIn(email: $email, password: $password) {
    __typename
    ...AuthFields
    ... on AccountProblem {
      message
    }
  }
}
    fragment AuthFields on AuthPayload {
  accessToken
  accessTokenExpiresAt
  refreshToken
  refreshTokenExpiresAt
  user {
    id
    displayName
  }
}`) as unknown as TypedDocumentString<SignInMutation, SignInMutationVariables>;
export const SignUpDocument = new TypedDocumentString(`
    mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) {
    __typename
    ...AuthFields
    ... on AccountProblem {
      message
    }
  }
}
    fragment AuthFields on AuthPayload {
  accessToken
  accessTokenExpiresAt
  refreshToken
  refreshTokenExpiresAt
  user {
    id
    displayName
  }
}`) as unknown as TypedDocumentString<SignUpMutation, SignUpMutationVariables>;
export const RefreshSessionDocument = new TypedDocumentString(`
    mutation RefreshSession($refreshToken: String!) {
  refreshSession(refreshToken: $refreshToken) {
    __typename
    ...AuthFields
    ... on AccountProblem {
      message
    }
  }
}
    fragment AuthFields on AuthPayload {
  accessToken
  accessTokenExpiresAt
  refreshToken
  refreshTokenExpiresAt
  user {
    id
    displayName
  }
}`) as unknown as TypedDocumentString<RefreshSessionMutation, RefreshSessionMutationVariables>;
export const SignOutDocument = new TypedDocumentString(`
    mutation SignOut($refreshToken: String!) {
  signOut(refreshToken: $refreshToken) {
    sessionsRevoked
  }
}
    `) as unknown as TypedDocumentString<SignOutMutation, SignOutMutationVariables>;
export const AccountProfileDocument = new TypedDocumentString(`
    query AccountProfile {
  me {
    id
    email
    displayName
    country
    currency
    language
    createdAt
    wishlist(first: 1) {
      totalCount
    }
    savedDeals(first: 1) {
      totalCount
    }
  }
}
    `) as unknown as TypedDocumentString<AccountProfileQuery, AccountProfileQueryVariables>;
export const UpdateProfileDocument = new TypedDocumentString(`
    mutation UpdateProfile($input: ProfileInput!) {
  updateProfile(input: $input) {
    accessToken
    accessTokenExpiresAt
    user {
      id
      displayName
    }
  }
}
    `) as unknown as TypedDocumentString<UpdateProfileMutation, UpdateProfileMutationVariables>;
export const WishlistPageDocument = new TypedDocumentString(`
    query WishlistPage($after: String) {
  me {
    id
    wishlist(first: 24, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          addedAt
          product {
            ...ProductCardFields
          }
        }
      }
    }
  }
}
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
}`) as unknown as TypedDocumentString<WishlistPageQuery, WishlistPageQueryVariables>;
export const SavedDealsPageDocument = new TypedDocumentString(`
    query SavedDealsPage($after: String) {
  me {
    id
    savedDeals(first: 24, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          savedAt
          deal {
            ...DealCardFields
          }
        }
      }
    }
  }
}
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
}`) as unknown as TypedDocumentString<SavedDealsPageQuery, SavedDealsPageQueryVariables>;
export const AddToWishlistDocument = new TypedDocumentString(`
    mutation AddToWishlist($productId: ID!) {
  addToWishlist(productId: $productId) {
    addedAt
  }
}
    `) as unknown as TypedDocumentString<AddToWishlistMutation, AddToWishlistMutationVariables>;
export const RemoveFromWishlistDocument = new TypedDocumentString(`
    mutation RemoveFromWishlist($productId: ID!) {
  removeFromWishlist(productId: $productId)
}
    `) as unknown as TypedDocumentString<RemoveFromWishlistMutation, RemoveFromWishlistMutationVariables>;
export const SaveDealDocument = new TypedDocumentString(`
    mutation SaveDeal($dealId: ID!) {
  saveDeal(dealId: $dealId) {
    savedAt
  }
}
    `) as unknown as TypedDocumentString<SaveDealMutation, SaveDealMutationVariables>;
export const UnsaveDealDocument = new TypedDocumentString(`
    mutation UnsaveDeal($dealId: ID!) {
  unsaveDeal(dealId: $dealId)
}
    `) as unknown as TypedDocumentString<UnsaveDealMutation, UnsaveDealMutationVariables>;
export const AddReviewDocument = new TypedDocumentString(`
    mutation AddReview($productId: ID!, $rating: Int!, $title: String!, $body: String!) {
  addReview(productId: $productId, rating: $rating, title: $title, body: $body) {
    id
  }
}
    `) as unknown as TypedDocumentString<AddReviewMutation, AddReviewMutationVariables>;
export const CartDetailsDocument = new TypedDocumentString(`
    query CartDetails($id: ID!) {
  cart(id: $id) {
    ...CartFields
  }
}
    fragment CartFields on Cart {
  id
  itemCount
  country
  currency
  email
  promoCodes
  updatedAt
  shippingAddress {
    name
    line1
    line2
    city
    postalCode
    country
    phone
  }
  lines {
    id
    quantity
    unitPrice {
      amount
      currency
      formatted
    }
    total {
      formatted
    }
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
  totals {
    subtotal {
      formatted
    }
    discount {
      amount
      formatted
    }
    shipping {
      amount
      formatted
    }
    tax {
      formatted
    }
    taxIncluded
    total {
      amount
      currency
      formatted
    }
    expiresAt
    quoteToken
    promotions {
      code
      description
      discount {
        formatted
      }
    }
    rejectedPromoCodes {
      code
      message
    }
  }
}`) as unknown as TypedDocumentString<CartDetailsQuery, CartDetailsQueryVariables>;
export const UpdateCartLineDocument = new TypedDocumentString(`
    mutation UpdateCartLine($cartId: ID!, $lineId: ID!, $quantity: Int!) {
  updateCartLine(cartId: $cartId, lineId: $lineId, quantity: $quantity) {
    id
    itemCount
  }
}
    `) as unknown as TypedDocumentString<UpdateCartLineMutation, UpdateCartLineMutationVariables>;
export const RemoveCartLineDocument = new TypedDocumentString(`
    mutation RemoveCartLine($cartId: ID!, $lineId: ID!) {
  removeCartLine(cartId: $cartId, lineId: $lineId) {
    id
    itemCount
  }
}
    `) as unknown as TypedDocumentString<RemoveCartLineMutation, RemoveCartLineMutationVariables>;
export const ApplyPromoCodeDocument = new TypedDocumentString(`
    mutation ApplyPromoCode($cartId: ID!, $code: String!) {
  applyPromoCode(cartId: $cartId, code: $code) {
    __typename
    ... on PromoCodeInvalid {
      code
      message
      reason
    }
  }
}
    `) as unknown as TypedDocumentString<ApplyPromoCodeMutation, ApplyPromoCodeMutationVariables>;
export const RemovePromoCodeDocument = new TypedDocumentString(`
    mutation RemovePromoCode($cartId: ID!, $code: String!) {
  removePromoCode(cartId: $cartId, code: $code) {
    id
  }
}
    `) as unknown as TypedDocumentString<RemovePromoCodeMutation, RemovePromoCodeMutationVariables>;
export const SetShippingAddressDocument = new TypedDocumentString(`
    mutation SetShippingAddress($cartId: ID!, $address: ShippingAddressInput!) {
  setShippingAddress(cartId: $cartId, address: $address) {
    id
  }
}
    `) as unknown as TypedDocumentString<SetShippingAddressMutation, SetShippingAddressMutationVariables>;
export const SetCartEmailDocument = new TypedDocumentString(`
    mutation SetCartEmail($cartId: ID!, $email: String!) {
  setCartEmail(cartId: $cartId, email: $email) {
    id
  }
}
    `) as unknown as TypedDocumentString<SetCartEmailMutation, SetCartEmailMutationVariables>;
export const MergeGuestCartDocument = new TypedDocumentString(`
    mutation MergeGuestCart {
  mergeGuestCart {
    id
    itemCount
  }
}
    `) as unknown as TypedDocumentString<MergeGuestCartMutation, MergeGuestCartMutationVariables>;
export const CheckoutDocument = new TypedDocumentString(`
    mutation Checkout($input: CheckoutInput!) {
  checkout(input: $input) {
    __typename
    ... on CheckoutSuccess {
      replayed
      order {
        id
        number
      }
    }
    ... on CheckoutRejected {
      message
      reason
    }
    ... on OutOfStock {
      message
      items {
        available
        requested
        product {
          title
        }
      }
    }
    ... on PaymentDeclined {
      message
      reason
    }
    ... on PriceChanged {
      message
    }
    ... on PromoCodeInvalid {
      message
      code
    }
    ... on IdempotencyKeyConflict {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<CheckoutMutation, CheckoutMutationVariables>;
export const OrderDetailDocument = new TypedDocumentString(`
    query OrderDetail($id: ID!) {
  order(id: $id) {
    ...OrderFields
  }
}
    fragment OrderFields on Order {
  id
  number
  status
  placedAt
  currency
  cancellable
  promoCodes
  subtotal {
    formatted
  }
  discount {
    amount
    formatted
  }
  shipping {
    formatted
  }
  tax {
    formatted
  }
  total {
    formatted
  }
  shippingAddress {
    name
    line1
    line2
    city
    postalCode
    country
  }
  payment {
    method
    amount {
      formatted
    }
  }
  lines {
    lineNo
    quantity
    unitPrice {
      formatted
    }
    total {
      formatted
    }
    product {
      id
      slug
      title
    }
  }
  history {
    at
    status
    note
  }
}`) as unknown as TypedDocumentString<OrderDetailQuery, OrderDetailQueryVariables>;
export const OrderHistoryDocument = new TypedDocumentString(`
    query OrderHistory($after: String) {
  me {
    id
    orders(first: 20, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          number
          status
          placedAt
          total {
            formatted
          }
          lines {
            lineNo
            quantity
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<OrderHistoryQuery, OrderHistoryQueryVariables>;
export const DealsPageDocument = new TypedDocumentString(`
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
}`) as unknown as TypedDocumentString<DealsPageQuery, DealsPageQueryVariables>;
export const TrackDealClickDocument = new TypedDocumentString(`
    mutation TrackDealClick($id: ID!) {
  trackDealClick(id: $id)
}
    `) as unknown as TypedDocumentString<TrackDealClickMutation, TrackDealClickMutationVariables>;
export const SearchPageDocument = new TypedDocumentString(`
    query SearchPage($query: String, $filter: ProductSearchFilter, $sort: ProductSearchSort!, $first: Int!) {
  searchProducts(query: $query, filter: $filter, sort: $sort, first: $first) {
    ...SearchResultFields
    ...SearchFacetFields
  }
}
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
}`) as unknown as TypedDocumentString<SearchPageQuery, SearchPageQueryVariables>;
export const CategorySearchPageDocument = new TypedDocumentString(`
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
}`) as unknown as TypedDocumentString<CategorySearchPageQuery, CategorySearchPageQueryVariables>;
export const SearchMoreDocument = new TypedDocumentString(`
    query SearchMore($query: String, $filter: ProductSearchFilter, $sort: ProductSearchSort!, $first: Int!, $after: String!) {
  searchProducts(
    query: $query
    filter: $filter
    sort: $sort
    first: $first
    after: $after
  ) {
    ...SearchResultFields
  }
}
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
}`) as unknown as TypedDocumentString<SearchMoreQuery, SearchMoreQueryVariables>;
export const CategorySearchMoreDocument = new TypedDocumentString(`
    query CategorySearchMore($slug: String!, $query: String, $filter: ProductSearchFilter, $sort: ProductSearchSort!, $first: Int!, $after: String!) {
  category(slug: $slug) {
    id
    products(
      query: $query
      filter: $filter
      sort: $sort
      first: $first
      after: $after
    ) {
      ...SearchResultFields
    }
  }
}
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
}`) as unknown as TypedDocumentString<CategorySearchMoreQuery, CategorySearchMoreQueryVariables>;
export const SuggestDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<SuggestQuery, SuggestQueryVariables>;
export const TrackEventDocument = new TypedDocumentString(`
    mutation TrackEvent($type: TrackedEventType!, $productId: ID, $query: String) {
  trackEvent(type: $type, productId: $productId, query: $query)
}
    `) as unknown as TypedDocumentString<TrackEventMutation, TrackEventMutationVariables>;
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
        ...ProductCardFields
      }
    }
  }
}
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
}`) as unknown as TypedDocumentString<ProductListingQuery, ProductListingQueryVariables>;
export const ProductPageDocument = new TypedDocumentString(`
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