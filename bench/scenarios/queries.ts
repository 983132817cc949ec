/** The gateway benchmark operations (scenarios 1 and 5 of the performance issue). */
export const gatewayScenarios = {
  /** Scenario 1: a deep entity query across every subgraph that owns data on a listing page. */
  deep: {
    operationName: 'Deep',
    query: /* GraphQL */ `
      query Deep {
        products(first: 40) {
          totalCount
          edges { node {
            id sku slug title
            category { name path }
            brand { name }
            price { current { amount currency formatted } regular { amount formatted } discountPercent taxIncluded }
            availability { inStock stockLevel quantityAvailable }
            deals(first: 3) { id title price { amount formatted } discountPercent merchant { id name reputation } }
            recommendations(first: 5) {
              score
              reasons { strategy score detail }
              product { id title price { current { amount formatted } } availability { inStock stockLevel } }
            }
          } }
        }
      }
    `,
  },
  /** Scenario 5: a shallow query — almost pure gateway overhead. */
  shallow: {
    operationName: 'Shallow',
    query: /* GraphQL */ `query Shallow { products(first: 5) { edges { node { id sku title } } } }`,
  },
} as const;
export type GatewayScenario = keyof typeof gatewayScenarios;
