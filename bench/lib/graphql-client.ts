/** A minimal typed GraphQL-over-HTTP client for benchmark setup, taking the storefront's generated documents. */

/** A generated document (`web/src/gql/graphql.ts`'s TypedDocumentString): its text and, as types only, its result and variables. */
export interface TypedDocument<TResult, TVariables> {
  toString(): string;
  __apiType?: (variables: TVariables) => TResult;
}

/** A GraphQL error as a gateway returns it. */
export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string };
}

/** The request body of a document with its variables and operation name, as a JSON string (what autocannon sends). */
export function requestBody<V>(doc: TypedDocument<unknown, V>, variables: V): string {
  const query = doc.toString();
  const operationName = /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1];
  return JSON.stringify({ query, ...(operationName ? { operationName } : {}), variables });
}

/** Posts a document and returns the response text (for byte comparisons) and the parsed body. */
export async function post<R, V>(
  url: string,
  doc: TypedDocument<R, V>,
  variables: V,
  headers: Record<string, string> = {},
): Promise<{ text: string; data: R | null; errors: GraphQLErrorBody[] | undefined }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: requestBody(doc, variables) });
  const text = await res.text();
  let body: { data?: R | null; errors?: GraphQLErrorBody[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`${url} answered ${res.status} without JSON: ${text.slice(0, 200)}`);
  }
  return { text, data: body.data ?? null, errors: body.errors };
}

/** Like `post`, but any GraphQL error or missing data throws (for setup steps that must succeed). */
export async function must<R, V>(url: string, doc: TypedDocument<R, V>, variables: V, headers: Record<string, string> = {}): Promise<R> {
  const r = await post(url, doc, variables, headers);
  if (r.errors?.length || !r.data) throw new Error(`${/(?:query|mutation)\s+(\w+)/.exec(doc.toString())?.[1] ?? 'request'} failed: ${JSON.stringify(r.errors ?? r.data).slice(0, 500)}`);
  return r.data;
}
