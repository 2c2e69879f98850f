// The security-event trail: which log lines are events, the sink that stores them, the reading API;
// and the refusal counts: what the gateway refused, counted per isolate and written in bounded batches.
export { cursorAfter, parseEventQuery, parseSummaryQuery } from './query'
export { countRefusal, flushRefusals, type RefusalFacts } from './refusals'
export { newEventId, securityEventSink } from './record'
