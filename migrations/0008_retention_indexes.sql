CREATE INDEX `audit_log_case` ON `audit_log` (`case_id`,`office_id`);--> statement-breakpoint
CREATE INDEX `data_requests_case` ON `data_requests` (`case_id`);