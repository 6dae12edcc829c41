CREATE TABLE `audit_heads` (
	`office_id` text NOT NULL,
	`employee_id` text NOT NULL,
	`seq` integer NOT NULL,
	`head` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`office_id`, `employee_id`)
);
