ALTER TABLE `customers` ADD `failed_login_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `customers` ADD `failed_window_started_at` integer;--> statement-breakpoint
ALTER TABLE `customers` ADD `locked_until` integer;--> statement-breakpoint
ALTER TABLE `service_accounts` ADD `failed_login_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `service_accounts` ADD `failed_window_started_at` integer;--> statement-breakpoint
ALTER TABLE `service_accounts` ADD `locked_until` integer;