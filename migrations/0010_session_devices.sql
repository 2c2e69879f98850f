ALTER TABLE `refresh_families` ADD `device` text;--> statement-breakpoint
ALTER TABLE `refresh_families` ADD `login_country` text;--> statement-breakpoint
ALTER TABLE `refresh_families` ADD `login_city` text;--> statement-breakpoint
ALTER TABLE `refresh_families` ADD `last_used_at` integer;--> statement-breakpoint
ALTER TABLE `refresh_families` ADD `last_country` text;--> statement-breakpoint
ALTER TABLE `refresh_families` ADD `last_city` text;