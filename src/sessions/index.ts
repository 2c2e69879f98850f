export { answerTokens, authorizationOf, clearSessionCookies, loginRefreshMaxAge, refreshCookie, refreshTokenGrant, wantsCookies } from './http'
export { logoutSessions } from './logout'
export { SESSION_ID_PATTERN, sessionView } from './session-list'
export { endSession, endSessionOfRefreshToken } from './sessions'
