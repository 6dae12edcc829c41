CREATE TABLE `office_revocation_states` (
	`office_id` text PRIMARY KEY NOT NULL,
	`serial` integer NOT NULL,
	`issued_at` integer NOT NULL,
	`state` text NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
