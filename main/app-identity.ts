// Runs in any host (Electron main, the CLI, tests): the app's name, id and data folder name, set
// once in package.json. electron-builder reads the same fields (productName, version, build.appId),
// so the installed app, its window, its notifications and the CLI agree.
import packageJson from '../package.json' with { type: 'json' }

/** The name people see: window title, dialogs, menus, installers (package.json "productName"). */
export const PRODUCT_NAME: string = packageJson.productName

/** The application id: Windows AppUserModelID, macOS bundle id (package.json "build.appId"). */
export const APP_ID: string = packageJson.build.appId

/**
 * The data folder's name under the platform's app-data folder (package.json "name"). Not the
 * product name: the folder predates it, and an existing one must keep being found.
 */
export const DATA_FOLDER_NAME: string = packageJson.name
