// Project settings: what the open project classifies, changeable after it was created. One tab per
// area; each tab is an entry of TABS (add a panel = add an entry). Every change that alters the
// prompts re-scores the suggestions in the background; the status line under the tabs shows it.
import { useState } from 'react'
import { RescoreStatus } from '../components/RescoreStatus'
import { useApp } from '../context'
import { AnnotatorPanel } from './settings/AnnotatorPanel'
import { FoldersPanel } from './settings/FoldersPanel'
import { KindPanel } from './settings/KindPanel'
import { LabelsPanel } from './settings/LabelsPanel'
import { MergePanel } from './settings/MergePanel'
import { TeamPanel } from './settings/TeamPanel'
import { TemplatesPanel } from './settings/TemplatesPanel'

interface SettingsTab {
  id: string
  label: string
  element: () => React.JSX.Element
}

const TABS: SettingsTab[] = [
  { id: 'labels', label: 'Labels', element: () => <LabelsPanel /> },
  { id: 'templates', label: 'Templates', element: () => <TemplatesPanel /> },
  { id: 'folders', label: 'Folders', element: () => <FoldersPanel /> },
  { id: 'kind', label: 'Kind', element: () => <KindPanel /> },
  { id: 'annotator', label: 'Annotator', element: () => <AnnotatorPanel /> },
  { id: 'merge', label: 'Merge', element: () => <MergePanel /> },
  { id: 'team', label: 'Team', element: () => <TeamPanel /> }
]

export function ProjectSettingsScreen(props: { tab?: string }): React.JSX.Element {
  const { project } = useApp()
  const [tab, setTab] = useState(props.tab ?? TABS[0]!.id)
  const current = TABS.find((t) => t.id === tab) ?? TABS[0]!
  return (
    <main className="screen settings" aria-labelledby="settings-title">
      <h1 id="settings-title">Project settings</h1>
      {project?.readOnly && (
        <p className="warn">This project file is read-only here: changes cannot be saved.</p>
      )}
      <div role="tablist" aria-label="Settings" className="tabs settings-tabs">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`settings-tab-${t.id}`}
            aria-selected={t.id === current.id}
            aria-controls={`settings-panel-${t.id}`}
            className={t.id === current.id ? 'tab active' : 'tab'}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <RescoreStatus />
      <section
        role="tabpanel"
        id={`settings-panel-${current.id}`}
        aria-labelledby={`settings-tab-${current.id}`}
      >
        {current.element()}
      </section>
    </main>
  )
}
