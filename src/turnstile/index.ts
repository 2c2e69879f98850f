// Cloudflare Turnstile on the storefront's login, registration and password-reset requests (docs/security.md, "Bots").
export { asksTurnstile, requireHuman, TURNSTILE_HEADER } from './require-human'
