/** The Emporium gateway. */
export { createGateway, FULL_API_MAX_COST, type GatewayOptions } from './server.ts';
export { defaultPartnerLimits, type PartnerLimits } from './public-endpoint.ts';
export { defaultCostModel, operationCost, type CostModel } from './cost.ts';
export { OperationSafelist } from './safelist.ts';
export { loadGatewayConfig, type GatewayConfig } from './config.ts';
export { probeSubgraphs } from './health.ts';
