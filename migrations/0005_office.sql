CREATE TABLE `audit_log` (
	`office_id` text NOT NULL,
	`seq` integer NOT NULL,
	`venue_id` text NOT NULL,
	`case_id` text NOT NULL,
	`entry` text NOT NULL,
	`hash` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`office_id`, `seq`)
);
--> statement-breakpoint
CREATE INDEX `audit_log_venue` ON `audit_log` (`venue_id`);--> statement-breakpoint
CREATE TABLE `case_contacts` (
	`case_id` text NOT NULL,
	`checkin_id` text NOT NULL,
	`status` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`case_id`, `checkin_id`),
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `cases` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`reference` text NOT NULL,
	`visits` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cases_office` ON `cases` (`office_id`);--> statement-breakpoint
CREATE TABLE `forwards` (
	`id` text PRIMARY KEY NOT NULL,
	`from_office_id` text NOT NULL,
	`to_office_id` text NOT NULL,
	`case_id` text NOT NULL,
	`request` text NOT NULL,
	`created_at` integer NOT NULL,
	`taken_case_id` text
);
--> statement-breakpoint
CREATE INDEX `forwards_to` ON `forwards` (`to_office_id`);--> statement-breakpoint
CREATE TABLE `office_certificate_requests` (
	`office_id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`postcodes` text NOT NULL,
	`signing_key` text NOT NULL,
	`requested_by` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `office_codes` (
	`code_hash` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`office_id` text NOT NULL,
	`role` text NOT NULL,
	`office_name` text,
	`postcodes` text,
	`bundle` text,
	`created_by` text,
	`expires_at` integer NOT NULL,
	`used_at` integer
);
--> statement-breakpoint
CREATE TABLE `office_employees` (
	`account_id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`role` text NOT NULL,
	`status` text NOT NULL,
	`device_key` text NOT NULL,
	`signing_key` text NOT NULL,
	`certificate` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `office_employees_office` ON `office_employees` (`office_id`);--> statement-breakpoint
CREATE TABLE `office_key_grants` (
	`account_id` text NOT NULL,
	`key_id` text NOT NULL,
	`office_id` text NOT NULL,
	`day` text,
	`sealed` text NOT NULL,
	PRIMARY KEY(`account_id`, `key_id`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `office_key_grants_day` ON `office_key_grants` (`day`);