// The security-event trail: which log lines are events, the sink that stores them, the reading API.
export { events, EVENTS_PERMISSION } from './api'
export { EVENT_KINDS, securityEventOf, subjectOf, type EventKind } from './kinds'
export { securityEventSink } from './record'
