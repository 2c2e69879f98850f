// Types of local-config.mjs, for the workerd tests (tsconfig.json) and the scripts (tsconfig.node.json).

export function localGatewayVars(
  vars: Record<string, unknown> | undefined,
  port: string | number,
): Record<string, unknown> & { JWT_ISSUER: string; CORS_ORIGINS: string; COOKIE_ORIGINS: string }
export function localShopVars(vars: Record<string, unknown> | undefined, port: string | number): Record<string, unknown> & { SHOP_ISSUER: string }
