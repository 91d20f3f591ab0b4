/** class-transformer helpers shared by payload classes. */
export const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** Spaces and dots are accepted on input (`552 100 554 00013`) and dropped. */
export const withoutSpaces = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.replace(/[\s.\u00a0]/g, '') : value;

/** `?naf=10.71,47` and `?naf=10.71&naf=47` are the same list; blanks are dropped. */
export const commaList = ({ value }: { value: unknown }): unknown => {
  if (value === undefined || value === null) return value;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((part) => (typeof part === 'string' ? part.split(',') : [part]));
  const list = parts.map((part) => (typeof part === 'string' ? part.trim() : part)).filter((part) => part !== '');
  return list.length > 0 ? list : undefined;
};
