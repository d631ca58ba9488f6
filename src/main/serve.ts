// Browser mode: the same services behind a localhost bridge (src/main/bridge).
console.log('zebra serve: not wired yet')
