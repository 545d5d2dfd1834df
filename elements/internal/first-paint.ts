/**
 * Resolves once the page has painted a frame after this call (at the latest 100 ms later, for a
 * hidden tab that paints nothing). Work that can wait for it (opening the app's socket, reading
 * its page) does not hold back the page's first paint or its `load` event.
 */
export function afterFirstPaint(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(fallback)
      resolve()
    }
    const fallback = setTimeout(done, 100)
    // A task queued from a frame callback runs after that frame is painted.
    requestAnimationFrame(() => setTimeout(done))
  })
}
