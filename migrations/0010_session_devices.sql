ALTER TABLE `refresh_families` ADD `device` text;--> statement-breakpoint
ALTER TABLE `refresh_families` ADD `login_country` text;--> statement-breakpoint
ALTER TABLE `refresh_families` ADD `login_city` text;--> statement-breakpoint
ALTER TABLE `refresh_families` ADD `last_used_at` integer;--> statement-breakpoint
ALTER TABLE `refresh_families` ADD `last_country` text;--> statement-breakpoint
ALTER TABLE `refresh_families` ADD `last_city` text;--> statement-breakpoint
CREATE TABLE `checkout_attempts` (
	`bucket` text PRIMARY KEY NOT NULL,
	`window_started_at` integer NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `checkout_attempts_window` ON `checkout_attempts` (`window_started_at`);