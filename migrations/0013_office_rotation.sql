-- Identity key rotation (PROTOCOL.md "Identity key rotation"): a new identity key waiting for the
-- operator's certificate (one per office), the certificates an office's present one replaced, and
-- daily keys replaced for their day after a rotation (kept, so bookings sealed to them still open).
CREATE TABLE `office_rotations` (
	`office_id` text PRIMARY KEY NOT NULL,
	`next_key` text NOT NULL,
	`request` text NOT NULL,
	`records` text NOT NULL,
	`requested_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
DROP INDEX `office_daily_keys_office_day_unique`;--> statement-breakpoint
ALTER TABLE `office_daily_keys` ADD `superseded` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `office_daily_keys_office_day_unique` ON `office_daily_keys` (`office_id`,`day`) WHERE superseded = 0;--> statement-breakpoint
ALTER TABLE `offices` ADD `previous_certificates` text DEFAULT '[]' NOT NULL;