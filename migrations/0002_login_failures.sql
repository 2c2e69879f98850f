CREATE TABLE `login_failures` (
	`identity_hash` text PRIMARY KEY NOT NULL,
	`failed_login_count` integer DEFAULT 0 NOT NULL,
	`failed_window_started_at` integer,
	`locked_until` integer
);
