import { fileURLToPath } from 'node:url'
import { createApp } from 'g-kit/server'

/**
 * Top-3 scores (the seed's global state): `scores` is a module-level variable, so every visitor
 * adds to the same list until the server restarts. Fine for a demo or a cache; it is not
 * persisted, not shared between server instances, and not pushed to other open pages.
 */
export const app = createApp({ static: fileURLToPath(new URL('.', import.meta.url)) })

const scores: number[] = []

app.fn('track_score', (score: number | null) => {
  if (score !== null) scores.push(score)
  return [...scores].sort((a, b) => b - a).slice(0, 3)
})
