/**
 * `g-kit`: importing it registers every g-* element.
 *
 * @example
 * import 'g-kit'
 * // <g-app> … </g-app> now works in the page
 *
 * Each element's module registers its tag when it loads; the classes are exported for `instanceof`
 * checks and types.
 */

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
export { GInterface } from './g-interface.js'
export { GChatInterface } from './g-chat-interface.js'
export type { ChatTurnMessage } from './internal/chat-parts.js'
export { connect, ClientSession, StateHandle, type CallOptions, type CallOutput, type CallStream, type ConnectOptions } from './client/connect.js'

