/**
 * The sync protocol's version. Both sides send it; a peer that does not speak the version it is sent
 * answers 400 naming the version it speaks, and the workstation reports "update required" rather
 * than guessing at a newer shape.
 *
 * History (append a line for every bump, never rewrite one):
 * - 1: push of ordered mutations (create, update, delete, book, cancel, audit) with per-mutation
 *      results (applied | rejected with an OperationOutcome and the current version); pull of a
 *      scope-filtered change feed with an opaque cursor, scope entries/exits and a remaining-count
 *      estimate for progress; change notices over server-sent events.
 * - 2: the `sick-leave` mutation (open, extend, close, cancel a sick-leave certificate, its id chosen
 *      by the workstation). A version-1 peer would refuse the kind as malformed and the step would be
 *      lost, so the workstation must hear "update required" instead and keep it in its outbox.
 * - 3: the `reschedule` mutation (a booking moved to another slot in one transaction, keeping its
 *      id; refused like a booking when the new slot is taken) and the `walk-in` mutation (a walk-in
 *      queued at the desk, its id chosen by the workstation, and its steps: call, done, left). Until
 *      2 a move was a `book` plus a `cancel` and a walk-in a plain `create`/`update`, which never
 *      reached Central's queue. Versions must still match exactly: a version-2 peer would refuse the
 *      new kinds as malformed and lose the move or the walk-in, so it hears "update required". What
 *      an upgraded workstation still holds from version 2 is applied as before (a move's `book`
 *      then `cancel`), and a `create` of a walk-in Appointment is put in the clinic's queue.
 * - 4: pull pages in the 'rows' layout (pull-rows.ts: a head line, then the page's resources as one
 *      JSON array of keyed rows, which the workstation writes with SQLite's JSON functions) in place
 *      of the 'lines' layout (a line per resource) that a version-3 workstation may ask for. The JSON
 *      layout and every mutation are unchanged; versions must match so that a version-3 peer hears
 *      "update required" rather than a refusal of its layout.
 */
export const PROTOCOL_VERSION = 4;
