// Runs in the Electron main process: the application menu. Types only from electron, so the
// template is checked under plain node (test/unit/shell/menu.test.ts).
import type { MenuItemConstructorOptions } from 'electron'

export interface MenuOptions {
  isMac: boolean
  isPackaged: boolean
  /** File › Open… (Ctrl/Cmd+O): the window runs its "Choose file…", so a menu and a click end alike. */
  openFile: () => void
}

export function menuTemplate({ isMac, isPackaged, openFile }: MenuOptions): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = []
  if (isMac) template.push({ role: 'appMenu' })
  template.push({
    label: 'File',
    submenu: [
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => openFile() },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  })
  template.push({ role: 'editMenu' })
  template.push({
    label: 'View',
    submenu: isPackaged
      ? [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }]
      : [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }],
  })
  template.push({ role: 'windowMenu' })
  return template
}
