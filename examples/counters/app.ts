import { fileURLToPath } from 'node:url'
import { createApp } from 'g-kit/server'

/**
 * Two independent counters. A's number follows its state through a `change` trigger; B's through a
 * listener with no triggers, which runs whenever one of its inputs changes.
 */
export const app = createApp({ static: fileURLToPath(new URL('.', import.meta.url)) })

app.fn('increment', (n: number) => n + 1)
app.fn('identity', (n: number) => n)
