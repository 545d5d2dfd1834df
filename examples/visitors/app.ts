import { randomInt } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { createApp } from 'g-kit/server'

/**
 * Live global state: a count of page loads, of pages open now, and a shared scoreboard. Each is
 * an `app.global`, so every change reaches every open tab at once, with no polling; increments
 * from many pages at the same moment are never lost.
 */
export const app = createApp({ static: fileURLToPath(new URL('.', import.meta.url)) })

interface Score {
  player: string
  score: number
}

app.global('loads', 0)
const openNow = app.global('open_now', 0)
app.global('board', [] as Score[])

// A page is open from its socket's first connection to its close (a reconnect counts again).
app.onOpen(() => openNow.update((n) => n + 1))
app.onClose(() => openNow.update((n) => n - 1))

app.fn('arrive', (loads: number) => loads + 1)
app.fn('show', (value: unknown) => value)
app.fn('roll', (player: string, board: Score[]) => {
  const entry = { player: player.trim() || 'Anonymous', score: randomInt(1, 101) }
  return [[...board, entry].sort((a, b) => b.score - a.score).slice(0, 5), entry.score]
})
app.fn('standings', (board: Score[]) => board.map((entry, i) => `${i + 1}. ${entry.player} — ${entry.score}`))
