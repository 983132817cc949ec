import { graphql } from '@/gql';

/* Cart edits, checkout and orders. After changing one, run `pnpm codegen` from the repository root. */

/** Everything the cart and checkout pages render about a cart, priced now. */
export const CartFieldsFragment = graphql(`
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
`);

export const CartDetailsDocument = graphql(`
  query CartDetails($id: ID!) {
    cart(id: $id) {
      ...CartFields
    }
  }
`);

export const UpdateCartLineDocument = graphql(`
  mutation UpdateCartLine($cartId: ID!, $lineId: ID!, $quantity: Int!) {
    updateCartLine(cartId: $cartId, lineId: $lineId, quantity: $quantity) {
      id
      itemCount
    }
  }
`);

export const RemoveCartLineDocument = graphql(`
  mutation RemoveCartLine($cartId: ID!, $lineId: ID!) {
    removeCartLine(cartId: $cartId, lineId: $lineId) {
      id
      itemCount
    }
  }
`);

export const ApplyPromoCodeDocument = graphql(`
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
`);

export const RemovePromoCodeDocument = graphql(`
  mutation RemovePromoCode($cartId: ID!, $code: String!) {
    removePromoCode(cartId: $cartId, code: $code) {
      id
    }
  }
`);

export const SetShippingAddressDocument = graphql(`
  mutation SetShippingAddress($cartId: ID!, $address: ShippingAddressInput!) {
    setShippingAddress(cartId: $cartId, address: $address) {
      id
    }
  }
`);

export const SetCartEmailDocument = graphql(`
  mutation SetCartEmail($cartId: ID!, $email: String!) {
    setCartEmail(cartId: $cartId, email: $email) {
      id
    }
  }
`);

/** After sign-in: the guest cart's lines move into the user's cart. */
export const MergeGuestCartDocument = graphql(`
  mutation MergeGuestCart {
    mergeGuestCart {
      id
      itemCount
    }
  }
`);

/** Everything an order confirmation or order detail page shows. */
export const OrderFieldsFragment = graphql(`
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
`);

export const CheckoutDocument = graphql(`
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
`);

export const OrderDocument = graphql(`
  query OrderDetail($id: ID!) {
    order(id: $id) {
      ...OrderFields
    }
  }
`);

export const OrderHistoryDocument = graphql(`
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
`);
