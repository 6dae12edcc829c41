CREATE TABLE `venue_claim_codes` (
	`code_hash` text PRIMARY KEY NOT NULL,
	`venue_id` text NOT NULL,
	`bundle` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`used_by` text,
	FOREIGN KEY (`venue_id`) REFERENCES `venues`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `venue_claim_codes_venue` ON `venue_claim_codes` (`venue_id`);