/**
 * The entry of kit.js, the standalone bundle that a g-kit server serves at `<base>/g/kit.js`: the
 * same elements and exports as `g-kit` (elements/index.ts), except that the composite elements
 * (`<g-interface>`, `<g-chat-interface>`) come from chunks that kit.js loads from its own server
 * the first time one is in the page (internal/lazy-elements.ts); `customElements.get(tag)` gives
 * their classes once defined. So does `connect()`, loaded at its first call (`ClientSession` and
 * `StateHandle` are types here). Every control is in kit.js itself.
 */
import { defineLazily } from './internal/lazy-elements.js'
import type { connect as connectNow } from './client/connect.js'

export { GApp, type GErrorDetail } from './g-app.js'
export { GState } from './g-state.js'
export { GBrowserState } from './g-browser-state.js'
export { GGlobalState } from './g-global-state.js'
export { GOn } from './g-on.js'
export { GButton } from './g-button.js'
export { GTextbox } from './g-textbox.js'
export { GNumber } from './g-number.js'
export { GCheckboxGroup } from './g-checkbox-group.js'
export { GSlider } from './g-slider.js'
export { GCheckbox } from './g-checkbox.js'
export { GRadio } from './g-radio.js'
export { GDropdown, type DropdownValue } from './g-dropdown.js'
export { GJson } from './g-json.js'
export { GRow } from './g-row.js'
export { GColumn } from './g-column.js'
export { GMarkdown } from './g-markdown.js'
export { GHtml } from './g-html.js'
export { GImage } from './g-image.js'
export { GGroup } from './g-group.js'
export { GTabs, type GTabsSelectDetail } from './g-tabs.js'
export { GTab } from './g-tab.js'
export { GAccordion } from './g-accordion.js'
export { GChatbot, type ChatMessage, type GChatbotLikeDetail } from './g-chatbot.js'
export { GRender } from './g-render.js'
export type { GInterface } from './g-interface.js'
export type { GChatInterface } from './g-chat-interface.js'
export type { ChatTurnMessage } from './internal/chat-parts.js'
export type { ClientSession, StateHandle, CallOptions, CallOutput, CallStream, ConnectOptions } from './client/connect.js'

/** g-kit's `connect()` (a session without elements); its code is a chunk that kit.js loads at the first call. */
export const connect: typeof connectNow = async (...args) => (await import('./client/connect.js')).connect(...args)

defineLazily({
  'g-interface': () => import('./g-interface.js'),
  'g-chat-interface': () => import('./g-chat-interface.js'),
})
