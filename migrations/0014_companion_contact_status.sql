-- Group check-ins (issue 14): one check-in holds several persons, each a contact the office follows
-- up on its own, so a contact's status is kept per check-in and person (0: the one who checked in,
-- 1 … 9: their companions). SQLite cannot change a primary key in place: the table is rebuilt, and
-- every row stored before groups existed becomes person 0, the one who checked in. No table refers
-- to case_contacts, so dropping the old one breaks no foreign key.
CREATE TABLE `__new_case_contacts` (
	`case_id` text NOT NULL,
	`checkin_id` text NOT NULL,
	`person` integer DEFAULT 0 NOT NULL,
	`status` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`case_id`, `checkin_id`, `person`),
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_case_contacts`("case_id", "checkin_id", "person", "status", "updated_at") SELECT "case_id", "checkin_id", 0, "status", "updated_at" FROM `case_contacts`;--> statement-breakpoint
DROP TABLE `case_contacts`;--> statement-breakpoint
ALTER TABLE `__new_case_contacts` RENAME TO `case_contacts`;
