/** A shallow copy without the keys whose value is undefined, so converted objects carry no empty slots. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
