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
 */
export const PROTOCOL_VERSION = 2;
