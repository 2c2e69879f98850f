DROP INDEX `customers_email_lower_unique`;--> statement-breakpoint
ALTER TABLE `customers` ADD `website_id` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `customers` ADD `confirmed_at` integer;--> statement-breakpoint
ALTER TABLE `customers` ADD `shop_password_hash` text;--> statement-breakpoint
CREATE UNIQUE INDEX `customers_email_website_unique` ON `customers` (lower("email"),`website_id`);--> statement-breakpoint
ALTER TABLE `service_accounts` ADD `confirmed_at` integer;--> statement-breakpoint
ALTER TABLE `service_accounts` ADD `shop_api_key_hash` text;--> statement-breakpoint
ALTER TABLE `service_accounts` ADD `shop_client_secret_hash` text;