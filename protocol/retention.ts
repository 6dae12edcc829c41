/**
 * How long the server keeps what it holds (trust model 7; the table with the reasons is
 * docs/ARCHITECTURE.md "Retention"). One place for every period, so that the scheduled job
 * (worker/retention.ts), the office's browser (which checks that the audit log was cut only past
 * its period) and the docs cannot drift apart. Periods are in days; the job runs once a day, so a
 * row goes within a day after its period ends.
 *
 * The German practice under the Infection Protection Act (IfSG) that contact tracing followed:
 * contact data collected for tracing is deleted four weeks after it was collected; the health
 * office's own file on the index case is the office's, kept under its own rules. Here the office
 * keeps its file through its exports (CSV, SORMAS); the server keeps only what the tracing still
 * needs.
 */

/**
 * Check-ins, the inner layers venues released, daily public keys and the grants of daily private
 * keys: deleted when their day is more than this many days ago (four weeks, as IfSG practice).
 * Transfers (shared histories) live only as long as their TAN, 24 hours (TAN_VALIDITY_MS).
 */
export const RETENTION_DAYS = 28;

/**
 * A closed case (its visits, requests, released inner layers, contact statuses, forwards) is
 * deleted this many days after its last step, which is its closing or anything done after it (a
 * late export, a venue's late answer). Four weeks, as contact data: time for the office to export
 * again or to answer a question about the case; after that the office's export is the file.
 */
export const CLOSED_CASE_RETENTION_DAYS = 28;

/**
 * An open case no one took a step in for this many days is deleted as if it were closed. Its
 * visits lie at most RETENTION_DAYS back when it is opened, so after four weeks every check-in it
 * could still ask a venue for is gone; two more weeks leave room for an absence before a case
 * someone forgot to close is treated as abandoned. A step is anything the server sees: an audit
 * entry about the case, a request or a venue's answer, a contact's status.
 */
export const IDLE_CASE_RETENTION_DAYS = 42;

/**
 * A forwarded visit the receiving office has not taken over is deleted this many days after it
 * was forwarded: by then the check-ins it could lead to are deleted (the visit had happened when it
 * was forwarded). A forward that was taken over stays while either office's case rests on it.
 */
export const UNTAKEN_FORWARD_RETENTION_DAYS = 28;

/**
 * Audit log entries are deleted when they are older than this and a checkpoint signed by an
 * employee of the office covers them (protocol/audit-log.ts), so that the chain still verifies
 * from its first remaining entry. One year: the log is how the office, its data-protection
 * officer, a supervisory authority or a venue check afterwards who asked for and opened whose
 * data, and such reviews and complaints reach back months, not years; it outlives the cases it
 * describes, which is why it names cases and venues only by id and short statements.
 */
export const AUDIT_RETENTION_DAYS = 365;

/**
 * How far the office's browser tolerates a cut younger than AUDIT_RETENTION_DAYS: clocks differ
 * and the job runs once a day. A server cutting earlier than this is reported.
 */
export const AUDIT_CUT_TOLERANCE_DAYS = 2;
