// Loaded with `node --import` into a process under test: prints its peak memory (KiB) on stderr as
// it exits, so a test can compare what two runs held at most.
process.on('exit', () => {
  process.stderr.write(`max-rss-kib ${process.resourceUsage().maxRSS}\n`)
})
