/**
 * Password, API key and client secret hashes: every format the shop stores (bcrypt, legacy hex
 * digests, argon2 refused) plus gatehouse's own PBKDF2, which legacy hashes are upgraded to on login.
 */
export { PBKDF2_ITERATIONS, parseHashFormat } from './format'
export { isVerifiable, MAX_PASSWORD_BYTES, verifyPassword, verifyAgainstDummy, type PasswordCheck } from './verify'
export { hashPbkdf2 as hashPassword } from './pbkdf2'
