// The application menu: File › Open… with Ctrl/Cmd+O runs the window's "Choose file…".
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { MenuItemConstructorOptions } from 'electron'
import { menuTemplate } from '../../../main/menu.ts'

function fileMenu(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  const file = template.find((item) => item.label === 'File')
  assert.ok(file && Array.isArray(file.submenu), 'a File menu')
  return file.submenu
}

for (const isMac of [false, true]) {
  test(`File › Open… is the first item, Ctrl/Cmd+O, and asks the window to choose a file (${isMac ? 'macOS' : 'Windows, Linux'})`, () => {
    let asked = 0
    const items = fileMenu(menuTemplate({ isMac, isPackaged: true, openFile: () => (asked += 1) }))
    const open = items[0]
    assert.equal(open.label, 'Open…')
    assert.equal(open.accelerator, 'CmdOrCtrl+O')
    ;(open.click as () => void)()
    assert.equal(asked, 1)
    assert.equal(items.at(-1)?.role, isMac ? 'close' : 'quit')
  })
}
