DROP INDEX `office_daily_keys_office_day`;--> statement-breakpoint
CREATE UNIQUE INDEX `office_daily_keys_office_day_unique` ON `office_daily_keys` (`office_id`,`day`);--> statement-breakpoint
ALTER TABLE `audit_log` ADD `signature` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Entries written before this column existed carry their signature inside the entry JSON.
UPDATE `audit_log` SET `signature` = json_extract(`entry`, '$.signature');--> statement-breakpoint
CREATE UNIQUE INDEX `audit_log_signature` ON `audit_log` (`signature`);--> statement-breakpoint
ALTER TABLE `cases` ADD `source_transfer_id` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `source_forward_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `cases_transfer` ON `cases` (`source_transfer_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `cases_forward` ON `cases` (`source_forward_id`);--> statement-breakpoint
ALTER TABLE `transfers` ADD `case_id` text;