-- The attempt counter of another office's redemptions: no longer written (issue 15: another office's
-- attempts answer like an unknown TAN and change nothing), so the column goes.
ALTER TABLE `transfers` DROP COLUMN `failed_attempts`;