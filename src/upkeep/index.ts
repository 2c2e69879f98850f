// Scheduled upkeep: what the Cron Trigger runs.
export { scheduled } from './scheduled'
