CREATE TABLE `refreshed_tokens` (
	`jti` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `refreshed_tokens_expires_at` ON `refreshed_tokens` (`expires_at`);