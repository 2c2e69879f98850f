// What `npm start` changes in the committed wrangler configs for a local run on PORT: every value
// that names the address gatehouse is served at follows the port, so a standard OAuth client
// discovering from http://localhost:PORT finds an issuer and endpoints it can reach, and the demo
// shop signs and checks tokens with that same issuer (docs/demo-shop.md).

/** The gateway's [vars] for a local run: wrangler.toml's, with the issuer and origins of `port`. */
export function localGatewayVars(vars, port) {
  const here = `http://localhost:${port}`
  return { ...vars, JWT_ISSUER: `${here}/`, CORS_ORIGINS: `http://shop.localhost,${here}`, COOKIE_ORIGINS: here }
}

/** The demo shop's vars for a local run: its issuer is the gateway's. */
export function localShopVars(vars, port) {
  return { ...vars, SHOP_ISSUER: `http://localhost:${port}/` }
}
