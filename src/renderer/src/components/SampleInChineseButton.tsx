// "Try it" in Chinese: the sample project with its labels in Chinese (红色圆形 … 斑马), which the demo
// model reads as well as English.
export function SampleInChineseButton({
  busy,
  open
}: {
  busy: boolean
  open: () => void
}): React.JSX.Element {
  return (
    <button
      type="button"
      aria-label="Try the sample project in Chinese"
      title="The same sample, its labels in Chinese (红色圆形 … 斑马): the demo model reads them too"
      disabled={busy}
      onClick={open}
    >
      中文
    </button>
  )
}
