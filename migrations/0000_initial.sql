CREATE TABLE `checkins` (
	`id` text PRIMARY KEY NOT NULL,
	`venue_id` text NOT NULL,
	`office_key_id` text NOT NULL,
	`day` text NOT NULL,
	`arrival_bucket` integer NOT NULL,
	`departure_bucket` integer,
	`ciphertext` text NOT NULL,
	`checkout_hash` text NOT NULL,
	FOREIGN KEY (`venue_id`) REFERENCES `venues`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `checkins_venue_arrival` ON `checkins` (`venue_id`,`arrival_bucket`);--> statement-breakpoint
CREATE INDEX `checkins_day` ON `checkins` (`day`);--> statement-breakpoint
CREATE TABLE `office_daily_keys` (
	`key_id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`day` text NOT NULL,
	`record` text NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `office_daily_keys_office_day` ON `office_daily_keys` (`office_id`,`day`);--> statement-breakpoint
CREATE TABLE `offices` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`certificate` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `transfers` (
	`id` text PRIMARY KEY NOT NULL,
	`tan_hash` text NOT NULL,
	`office_id` text NOT NULL,
	`office_key_id` text NOT NULL,
	`ciphertext` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`failed_attempts` integer DEFAULT 0 NOT NULL,
	`redeemed_at` integer,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transfers_tan_hash` ON `transfers` (`tan_hash`);--> statement-breakpoint
CREATE INDEX `transfers_expires` ON `transfers` (`expires_at`);--> statement-breakpoint
CREATE TABLE `venues` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`code` text NOT NULL,
	`card` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `venues_code` ON `venues` (`code`);