/**
 * resources_type_updated_idx (migration 1) was made for reads by type and time that the workstation
 * never came to do: no query uses it, and every row a download writes paid for it (an index entry
 * per resource, about a tenth of the insert).
 */
export const unusedIndexSchema = `
DROP INDEX IF EXISTS resources_type_updated_idx;
`;
