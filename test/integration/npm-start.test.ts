// `npm start` on a fresh copy of the project, offline: Electron's binary is installed by
// Electron's own installer from a mirror on 127.0.0.1 before electron-vite builds and launches it;
// a download that fails prints one paragraph and exits 1. The "Electron" is a stand-in shell
// script packed as Electron's release zips are (test/electron/stand-in-electron.ts).
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import {
  LAUNCH_RECORD_ENV,
  envWithoutElectronSettings,
  platformExecutablePath,
  projectRoot,
  readLaunchRecord,
  releaseZipName,
  sha256,
  standInElectronZip,
  standInProject,
  startMirror,
  unreachableMirrorUrl,
} from '../electron/stand-in-electron.ts'

const skip = process.platform === 'win32' ? 'the stand-in Electron is a shell script' : false
const version = (JSON.parse(readFileSync(join(projectRoot, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version
const scratch = mkdtempSync(join(tmpdir(), 'importer-npm-start-'))
after(() => rmSync(scratch, { recursive: true, force: true }))

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

async function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const [code] = (await once(child, 'exit')) as [number | null]
  return { code, stdout, stderr }
}

function assertOneParagraph(stderr: string, what: RegExp): void {
  assert.match(stderr, /Could not install Electron [\d.]+, which npm start and npm run dev need/)
  assert.match(stderr, what)
  assert.match(stderr, /ELECTRON_MIRROR/)
  assert.match(stderr, /npm run cli -- import FILE/)
  assert.doesNotMatch(stderr, /^\s+at /m, 'no stack trace')
}

test('npm start on a fresh copy installs Electron from the mirror, then electron-vite builds and launches it', { skip, timeout: 300_000 }, async () => {
  const project = standInProject()
  const archive = standInElectronZip(version)
  const mirror = await startMirror({
    [`/v${version}/${releaseZipName(version)}`]: archive,
    // The checksums Electron's installer checks a mirror's files against (electron_use_remote_checksums).
    [`/v${version}/SHASUMS256.txt`]: `${sha256(archive)} *${releaseZipName(version)}\n`,
  })
  try {
    assert.equal(existsSync(join(project.electronDir, 'path.txt')), false, 'the copy starts without a binary')
    const record = join(scratch, 'launch.txt')
    const env = envWithoutElectronSettings({
      ELECTRON_MIRROR: mirror.url,
      electron_use_remote_checksums: '1',
      electron_config_cache: join(scratch, 'cache'),
      [LAUNCH_RECORD_ENV]: record,
    })

    const start = await run('npm', ['start'], project.dir, env)
    assert.equal(start.code, 0, start.stderr)
    assert.deepEqual(mirror.requests, [`/v${version}/${releaseZipName(version)}`, `/v${version}/SHASUMS256.txt`])
    assert.equal(readFileSync(join(project.electronDir, 'path.txt'), 'utf8'), platformExecutablePath())
    assert.ok(existsSync(join(project.dir, 'out/main/index.js')), 'electron-vite built the app before launching')
    const launch = readLaunchRecord(record)
    assert.equal(launch.executable, join(project.electronDir, 'dist', platformExecutablePath()))
    assert.equal(launch.cwd, project.dir)
    assert.deepEqual(launch.args, ['.'], 'electron-vite preview starts the app in the project folder')

    // Installed once: the next start downloads nothing.
    rmSync(record)
    const again = await run(process.execPath, [join(project.dir, 'scripts/ensure-electron.ts')], project.dir, env)
    assert.equal(again.code, 0, again.stderr)
    assert.equal(again.stdout, '')
    assert.equal(mirror.requests.length, 2)
  } finally {
    await mirror.close()
    project.remove()
  }
})

test('an unreachable mirror: npm start prints one paragraph and exits 1, before building anything', { skip, timeout: 120_000 }, async () => {
  const project = standInProject()
  try {
    const mirrorUrl = await unreachableMirrorUrl()
    const env = envWithoutElectronSettings({ ELECTRON_MIRROR: mirrorUrl, electron_config_cache: join(scratch, 'cache-unreachable') })
    const start = await run('npm', ['start'], project.dir, env)
    assert.equal(start.code, 1)
    assertOneParagraph(start.stderr, new RegExp(`download from ${mirrorUrl}v${version}/${releaseZipName(version)} failed \\(TypeError: fetch failed\\)`))
    assert.equal(existsSync(join(project.dir, 'out')), false, 'electron-vite did not run')
    assert.equal(existsSync(join(project.electronDir, 'path.txt')), false)
  } finally {
    project.remove()
  }
})

test("an archive that does not match Electron's own checksums is refused: one paragraph, exit 1", { skip, timeout: 120_000 }, async () => {
  const project = standInProject()
  // Without electron_use_remote_checksums the installer checks against the checksums.json it ships.
  const mirror = await startMirror({ [`/v${version}/${releaseZipName(version)}`]: standInElectronZip(version) })
  try {
    const env = envWithoutElectronSettings({ ELECTRON_MIRROR: mirror.url, electron_config_cache: join(scratch, 'cache-mismatch') })
    const ensure = await run(process.execPath, [join(project.dir, 'scripts/ensure-electron.ts')], project.dir, env)
    assert.equal(ensure.code, 1)
    assertOneParagraph(ensure.stderr, /checksum/i)
    assert.equal(ensure.stderr.trim().split('\n').length, 1, 'one paragraph')
    assert.equal(existsSync(join(project.electronDir, 'path.txt')), false)
  } finally {
    await mirror.close()
    project.remove()
  }
})

test('start, dev and dist each make sure of the binary before electron-vite runs', () => {
  const { scripts } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  for (const name of ['start', 'dev', 'dist']) assert.match(scripts[name], /^node scripts\/ensure-electron\.ts && electron-vite /, name)
})

test('ELECTRON_EXEC_PATH, which electron-vite starts instead, is used as it is: no download when it exists, a clear line when not', async () => {
  const ensure = join(projectRoot, 'scripts/ensure-electron.ts')
  const existing = await run(process.execPath, [ensure], projectRoot, envWithoutElectronSettings({ ELECTRON_EXEC_PATH: process.execPath, ELECTRON_MIRROR: await unreachableMirrorUrl() }))
  assert.equal(existing.code, 0, existing.stderr)
  assert.equal(existing.stdout + existing.stderr, '')
  const missing = await run(process.execPath, [ensure], projectRoot, envWithoutElectronSettings({ ELECTRON_EXEC_PATH: join(scratch, 'no-electron-here') }))
  assert.equal(missing.code, 1)
  assert.equal(missing.stderr.trim(), `ELECTRON_EXEC_PATH is set to ${join(scratch, 'no-electron-here')}, which does not exist: unset it or point it at an Electron ${version} executable.`)
})
