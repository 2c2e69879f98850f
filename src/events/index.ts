// The security-event trail: which log lines are events, the sink that stores them, the reading API.
export { cursorAfter, parseEventQuery } from './query'
export { securityEventSink } from './record'
