// A test-runner command: the page's whole accessibility tree, as assistive technology (and a
// test's getByRole/getByLabel) sees it. Unlike `a11ySnapshot`, it keeps nodes that Chromium
// deems uninteresting, such as named groups and radiogroups.
export function a11yTreePlugin() {
  return {
    name: 'a11y-tree',
    async executeCommand({ command, session }) {
      if (command !== 'a11y-tree') return undefined
      const page = session.browser.getPage(session.id)
      return page.accessibility.snapshot({ interestingOnly: false })
    },
  }
}
