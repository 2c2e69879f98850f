// Breached passwords: the Pwned Passwords range API, asked by k-anonymity (docs/security.md).
export { parseBreachConfig, type BreachConfig } from './breach-config'
export { breachCount, type BreachVerdict } from './check'
