CREATE TABLE `office_warning_texts` (
	`office_id` text PRIMARY KEY NOT NULL,
	`texts` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `warning_feed` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tag` text NOT NULL,
	`day` text NOT NULL,
	`body` text NOT NULL,
	`warning_id` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `warning_feed_created` ON `warning_feed` (`created_at`);--> statement-breakpoint
CREATE TABLE `warning_reads` (
	`warning_id` text NOT NULL,
	`checkin_id` text NOT NULL,
	`read_at` integer NOT NULL,
	PRIMARY KEY(`warning_id`, `checkin_id`)
);
--> statement-breakpoint
CREATE INDEX `warning_reads_checkin` ON `warning_reads` (`checkin_id`);--> statement-breakpoint
CREATE TABLE `warnings` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`case_id` text NOT NULL,
	`venue_id` text NOT NULL,
	`warning` text NOT NULL,
	`withdrawal` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `warnings_case` ON `warnings` (`case_id`);--> statement-breakpoint
CREATE INDEX `warnings_office_created` ON `warnings` (`office_id`,`created_at`);