// Shared by the page-side Electron shim and the test process: the names of the hooks between them.

/** Playwright binding (page.exposeBinding) that carries ipcRenderer.invoke to the host. */
export const E2E_INVOKE_BINDING = '__importerE2eInvoke'
/** Page function the test process calls to deliver webContents.send(channel, payload). */
export const E2E_EMIT_HOOK = '__importerE2eEmit'
/** Page function the test process calls to say which path a dropped file's name stands for. */
export const E2E_REGISTER_HOOK = '__importerE2eRegisterFile'

/** What the invoke binding resolves with: Electron rejects the invoke when the handler threw. */
export type InvokeReply = { ok: true; value: unknown } | { ok: false; error: { name: string; message: string } }
