import { afterAll, expect, it } from 'vitest';
import { fakeSubgraph, gatewayWith, post } from './fake-subgraphs.ts';

const closers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of closers) await c();
});

it('exposes Prometheus metrics per operation, per subgraph and per error code', async () => {
  const product = await fakeSubgraph(() => ({ data: { products: { totalCount: 2 } } }));
  const gw = await gatewayWith({ product: product.url });
  closers.push(() => gw.close(), () => product.app.close());
  await post(gw, { query: 'query Listing { products(first: 1) { totalCount } }', operationName: 'Listing' });
  await post(gw, { query: 'query Listing { products(first: 1) { totalCount } }', operationName: 'Listing' });
  await post(gw, { query: 'query Money { currencies }', operationName: 'Money' }); // pricing is down
  const res = await gw.inject({ method: 'GET', url: '/metrics' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain/);
  const text = res.body;
  expect(text).toMatch(/emporium_gateway_requests_total\{operation="Listing",outcome="ok"\} 2/);
  expect(text).toMatch(/emporium_gateway_requests_total\{operation="Money",outcome="error"\} 1/);
  expect(text).toMatch(/emporium_gateway_request_duration_seconds_count\{operation="Listing"\} 2/);
  expect(text).toMatch(/emporium_gateway_subgraph_request_duration_seconds_count\{subgraph="product",outcome="ok"\} 2/);
  expect(text).toMatch(/emporium_gateway_errors_total\{code="DOWNSTREAM_SERVICE_ERROR",service="pricing"\} 1/);
  expect(text).toMatch(/emporium_gateway_process_resident_memory_bytes/);
});
