import { timingSafeEqual } from 'node:crypto'

/** The two halves of a token `<id>.<secret>` (a resume token, an API session's); undefined when it has none. */
export function splitToken(token: string): { id: string; secret: string } | undefined {
  const dot = token.indexOf('.')
  return dot > 0 ? { id: token.slice(0, dot), secret: token.slice(dot + 1) } : undefined
}

/** Whether a secret a client gave is `mine`, compared in constant time. */
export function sameSecret(given: string, mine: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(mine)
  return a.length === b.length && timingSafeEqual(a, b)
}
