/**
 * Who did it, by name: the tills journal person ids (sales.served_by, refunds.requested_by / approved_by,
 * sessions.closed_by); the name is the one the till itself replicated for that id (till_people), else the
 * server's staff name, else the id as sent. Till-made people are the till's own (two tills may each have a
 * `manager-1`, two different people). Names are till-sent text: the pages escape them like every other.
 */

/** SQL for the name of person `idCol` at till `tillCol` (NULL when the id is NULL). */
export function personNameSql(tillCol: string, idCol: string): string {
  return `coalesce((SELECT p.name FROM till_people p WHERE p.till_id = ${tillCol} AND p.person_id = ${idCol}),
                   (SELECT f.name FROM staff f WHERE f.id = ${idCol}), ${idCol})`;
}
