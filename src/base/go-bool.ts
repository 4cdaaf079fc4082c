/** Go's strconv.ParseBool: true or false for the spellings it accepts, undefined for anything else. */
export function parseGoBool(value: string | null | undefined): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}
