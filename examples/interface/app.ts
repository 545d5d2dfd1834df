import { fileURLToPath } from 'node:url'
import { createApp, GError } from 'g-kit/server'

/**
 * Two `<g-interface>`s: the seeds' "store message" Interface with its history in session state
 * (Clear empties it), and a calculator with examples that runs live as its inputs change.
 */
export const app = createApp({ static: fileURLToPath(new URL('.', import.meta.url)) })

app.fn('store_message', (message: string, history: string[]) => {
  const output = { 'Current messages': message, 'Previous messages': [...history].reverse() }
  return [output, [...history, message]]
})

app.fn('calculate', (a: number | null, operation: string, b: number | null) => {
  if (a === null || b === null) return null
  if (operation === 'divide' && b === 0) throw new GError('Cannot divide by zero')
  const results: Record<string, number> = { add: a + b, subtract: a - b, multiply: a * b, divide: a / b }
  return results[operation] ?? null
})
