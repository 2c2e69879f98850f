// Breached passwords: the Pwned Passwords range API, asked by k-anonymity (docs/security.md).
export { breachCount } from './check'
