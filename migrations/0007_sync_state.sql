CREATE TABLE `sync_state` (
	`source` text PRIMARY KEY NOT NULL,
	`updated_at` text NOT NULL,
	`last_id` integer NOT NULL
);
