/** class-transformer helpers shared by payload classes. */
export const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** Spaces and dots are accepted on input (`552 100 554 00013`) and dropped. */
export const withoutSpaces = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.replace(/[\s.\u00a0]/g, '') : value;
