import { graphql } from '@/gql';

/* Sign-in, sign-up, tokens and the account pages. After changing one, run `pnpm codegen` from the repository root. */

/** The tokens and user of a successful sign-in, sign-up or refresh. */
export const AuthFieldsFragment = graphql(`
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
`);

export const SignInDocument = graphql(`
  mutation SignIn($email: String!, $password: String!) {
    signIn(email: $email, password: $password) {
      __typename
      ...AuthFields
      ... on AccountProblem {
        message
      }
    }
  }
`);

export const SignUpDocument = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      __typename
      ...AuthFields
      ... on AccountProblem {
        message
      }
    }
  }
`);

export const RefreshSessionDocument = graphql(`
  mutation RefreshSession($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) {
      __typename
      ...AuthFields
      ... on AccountProblem {
        message
      }
    }
  }
`);

export const SignOutDocument = graphql(`
  mutation SignOut($refreshToken: String!) {
    signOut(refreshToken: $refreshToken) {
      sessionsRevoked
    }
  }
`);

/** The account overview and profile form. */
export const AccountProfileDocument = graphql(`
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
`);

export const UpdateProfileDocument = graphql(`
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
`);

export const WishlistPageDocument = graphql(`
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
`);

export const SavedDealsPageDocument = graphql(`
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
`);

export const AddToWishlistDocument = graphql(`
  mutation AddToWishlist($productId: ID!) {
    addToWishlist(productId: $productId) {
      addedAt
    }
  }
`);

export const RemoveFromWishlistDocument = graphql(`
  mutation RemoveFromWishlist($productId: ID!) {
    removeFromWishlist(productId: $productId)
  }
`);

export const SaveDealDocument = graphql(`
  mutation SaveDeal($dealId: ID!) {
    saveDeal(dealId: $dealId) {
      savedAt
    }
  }
`);

export const UnsaveDealDocument = graphql(`
  mutation UnsaveDeal($dealId: ID!) {
    unsaveDeal(dealId: $dealId)
  }
`);

export const AddReviewDocument = graphql(`
  mutation AddReview($productId: ID!, $rating: Int!, $title: String!, $body: String!) {
    addReview(productId: $productId, rating: $rating, title: $title, body: $body) {
      id
    }
  }
`);
