/**
 * A value with `text` added at the end of the string at `path` (an update's `append`: a streamed
 * reply's increment). Copies only the objects along the path, so unchanged parts keep their
 * identity (a chatbot renders only the message that grew). A path that does not lead to a string
 * leaves the value as it was.
 */
export function appended(value: unknown, path: ReadonlyArray<string | number>, text: string): unknown {
  if (!path.length) return typeof value === 'string' ? value + text : value
  if (typeof value !== 'object' || value === null) return value
  const [key, ...rest] = path
  if (!Object.hasOwn(value, key!)) return value
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string | number, unknown>
  copy[key!] = appended(copy[key!], rest, text)
  return copy
}
