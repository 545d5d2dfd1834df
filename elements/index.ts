/**
 * `g-kit`: importing it registers every g-* element.
 *
 * @example
 * import 'g-kit'
 * // <g-app> … </g-app> now works in the page
 */
import './g-app.js'
import './g-state.js'
import './g-browser-state.js'
import './g-global-state.js'
import './g-on.js'
import './g-button.js'
import './g-textbox.js'
import './g-number.js'
import './g-checkbox-group.js'
import './g-json.js'
import './g-row.js'
import './g-column.js'

export type { GApp, GErrorDetail } from './g-app.js'
export type { GState } from './g-state.js'
export type { GBrowserState } from './g-browser-state.js'
export type { GGlobalState } from './g-global-state.js'
export type { GOn } from './g-on.js'
export type { GButton } from './g-button.js'
export type { GTextbox } from './g-textbox.js'
export type { GNumber } from './g-number.js'
export type { GCheckboxGroup } from './g-checkbox-group.js'
export type { GJson } from './g-json.js'
export type { GRow } from './g-row.js'
export type { GColumn } from './g-column.js'
