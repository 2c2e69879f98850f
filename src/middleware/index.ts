export { shopCors } from './cors'
export { catchThrownValues, onError } from './on-error'
export { requestLog } from './request-log'
export { ownAnswerHeaders } from './secure-headers'
