-- Customers are found by their email as the shop's database compares it (src/email-key.ts), not by
-- SQLite's ASCII-only lower(). ALTER TABLE ADD needs a default for a NOT NULL column; every insert
-- of the application names email_key (Drizzle's types require it).
DROP INDEX `customers_email_website_unique`;--> statement-breakpoint
ALTER TABLE `customers` ADD `email_key` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- The copies hold login emails (ASCII, no spaces: src/auth/email.ts), whose key is lower(). A copy
-- holding anything else gets the same key for now and asks the shop first; its next write keys it.
UPDATE `customers` SET `email_key` = lower(rtrim(`email`, ' ')), `confirmed_at` = CASE WHEN `email` GLOB '*[^ -~]*' THEN NULL ELSE `confirmed_at` END;--> statement-breakpoint
-- Two copies that only trailing spaces told apart: the older one goes (its next login asks the shop).
DELETE FROM `customers` WHERE `id` IN (SELECT `c`.`id` FROM `customers` `c` JOIN `customers` `d` ON `d`.`email_key` = `c`.`email_key` AND `d`.`website_id` = `c`.`website_id` AND `d`.`id` > `c`.`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `customers_email_key_website_unique` ON `customers` (`email_key`,`website_id`);
