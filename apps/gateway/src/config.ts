import type { GatewayConfig } from '@intake/config';

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
export type { GatewayConfig };
