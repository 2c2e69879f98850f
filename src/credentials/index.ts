export { captureCredentials } from './capture'
