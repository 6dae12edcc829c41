CREATE TABLE `data_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`venue_id` text NOT NULL,
	`case_id` text NOT NULL,
	`request` text NOT NULL,
	`window_from` integer NOT NULL,
	`window_to` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`decline_reason` text,
	`answered_at` integer,
	`released_count` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`venue_id`) REFERENCES `venues`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `data_requests_venue` ON `data_requests` (`venue_id`);--> statement-breakpoint
CREATE INDEX `data_requests_office` ON `data_requests` (`office_id`);--> statement-breakpoint
CREATE TABLE `released_checkins` (
	`request_id` text NOT NULL,
	`checkin_id` text NOT NULL,
	`day` text NOT NULL,
	`office_key_id` text NOT NULL,
	`departure_bucket` integer,
	`inner` text NOT NULL,
	PRIMARY KEY(`request_id`, `checkin_id`),
	FOREIGN KEY (`request_id`) REFERENCES `data_requests`(`id`) ON UPDATE no action ON DELETE no action
);
