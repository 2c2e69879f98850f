CREATE TABLE `customers` (
	`id` integer PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`password_hash` text NOT NULL,
	`first_name` text DEFAULT '' NOT NULL,
	`last_name` text DEFAULT '' NOT NULL,
	`is_active` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customers_email_lower_unique` ON `customers` (lower("email"));--> statement-breakpoint
CREATE TABLE `service_accounts` (
	`id` integer PRIMARY KEY NOT NULL,
	`username` text,
	`api_key_hash` text,
	`client_id` text,
	`client_secret_hash` text,
	`is_active` integer DEFAULT true NOT NULL,
	`allowed_store_ids` text,
	`permissions` text DEFAULT '[]' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `service_accounts_username_unique` ON `service_accounts` (`username`);--> statement-breakpoint
CREATE UNIQUE INDEX `service_accounts_client_id_unique` ON `service_accounts` (`client_id`);