/** Runtime configuration of the storefront. Server-side values are read at request time, not at build time. */

export const DEFAULT_GATEWAY_URL = 'http://localhost:4000/graphql';

/** How long a server-side request to the gateway may take before the page shows an error state. */
export const GATEWAY_TIMEOUT_MS = 10_000;

/**
 * The gateway's GraphQL endpoint for server-side requests (`GATEWAY_URL`, default http://localhost:4000/graphql).
 * Throws when the variable is set to something that is not an absolute http(s) URL.
 */
export function gatewayUrl(): string {
  const raw = process.env.GATEWAY_URL?.trim();
  if (!raw) return DEFAULT_GATEWAY_URL;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new Error(`GATEWAY_URL is not a valid URL: "${raw}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`GATEWAY_URL must be an http(s) URL, got "${parsed.protocol}"`);
  }
  return parsed.toString();
}
