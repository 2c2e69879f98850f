CREATE TABLE `security_event_bursts` (
	`kind` text NOT NULL,
	`actor` text NOT NULL,
	`minute` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`kind`, `actor`, `minute`)
);
--> statement-breakpoint
CREATE INDEX `security_event_bursts_minute` ON `security_event_bursts` (`minute`);--> statement-breakpoint
CREATE TABLE `security_events` (
	`id` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`subject` text,
	`ip` text,
	`request_id` text,
	`detail` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `security_events_at` ON `security_events` (`at`,`id`);--> statement-breakpoint
CREATE INDEX `security_events_subject_at` ON `security_events` (`subject`,`at`);--> statement-breakpoint
CREATE INDEX `security_events_kind_at` ON `security_events` (`kind`,`at`);