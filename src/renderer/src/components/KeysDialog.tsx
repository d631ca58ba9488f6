// The `?` overlay of a screen's keyboard shortcuts (review, grid): one table of key → what it does.
import { Dialog } from './Dialog'

export function KeysDialog(props: {
  title: string
  keys: readonly (readonly [string, string])[]
  onClose: () => void
  testId: string
}): React.JSX.Element {
  return (
    <Dialog title={props.title} onClose={props.onClose} testId={props.testId}>
      <table className="keys">
        <tbody>
          {props.keys.map(([k, what]) => (
            <tr key={k}>
              <th scope="row">
                <kbd>{k}</kbd>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  )
}
