/** The Emporium gateway. */
export { createGateway, type GatewayOptions } from './server.ts';
export { loadGatewayConfig, type GatewayConfig } from './config.ts';
export { probeSubgraphs } from './health.ts';
