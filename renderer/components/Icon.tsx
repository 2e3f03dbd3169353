// Runs in the renderer: the few glyphs the window uses, drawn inline (no icon font, no network).

export type IconName = 'pause' | 'resume' | 'cancel' | 'retry' | 'file' | 'drop' | 'close' | 'warning' | 'check'

const PATHS: Record<IconName, string> = {
  pause: 'M5.5 3.5v9M10.5 3.5v9',
  resume: 'M5 3.2v9.6L12.6 8z',
  cancel: 'M4.5 4.5l7 7M11.5 4.5l-7 7',
  retry: 'M12.5 8a4.5 4.5 0 1 1-1.4-3.3M12.5 2.5v3h-3',
  file: 'M4 1.5h5l3 3v10H4zM9 1.5v3h3',
  drop: 'M8 2v8M4.5 6.5L8 10l3.5-3.5M2.5 11v2.5h11V11',
  close: 'M4.5 4.5l7 7M11.5 4.5l-7 7',
  warning: 'M8 2L14.5 13.5h-13zM8 6.5v3.5M8 11.8v.2',
  check: 'M3.5 8.5l3 3 6-7',
}

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  const filled = name === 'resume'
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
      fill={filled ? 'currentColor' : 'none'}
      stroke="currentColor"
      strokeWidth={filled ? 1 : 1.6}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={PATHS[name]} />
    </svg>
  )
}
