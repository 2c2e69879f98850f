export { buildClaims, type TokenAccount, type TokenClaims } from './claims'
export { newJti, JTI_PATTERN } from './jti'
export { signToken } from './sign'
export { verifyToken, MAX_TOKEN_BYTES } from './verify'
