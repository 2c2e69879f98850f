ALTER TABLE `customers` DROP COLUMN `failed_login_count`;--> statement-breakpoint
ALTER TABLE `customers` DROP COLUMN `failed_window_started_at`;--> statement-breakpoint
ALTER TABLE `customers` DROP COLUMN `locked_until`;--> statement-breakpoint
ALTER TABLE `service_accounts` DROP COLUMN `failed_login_count`;--> statement-breakpoint
ALTER TABLE `service_accounts` DROP COLUMN `failed_window_started_at`;--> statement-breakpoint
ALTER TABLE `service_accounts` DROP COLUMN `locked_until`;