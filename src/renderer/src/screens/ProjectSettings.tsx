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
import { LanguagePanel } from './settings/LanguagePanel'
import { useTranslation } from '../i18n'

interface SettingsTab {
  /** also the tab's key in the settings catalogue (settings:tab.<id>) */
  id: 'labels' | 'templates' | 'folders' | 'kind' | 'annotator' | 'language' | 'merge' | 'team'
  element: () => React.JSX.Element
}

const TABS: SettingsTab[] = [
  { id: 'labels', element: () => <LabelsPanel /> },
  { id: 'templates', element: () => <TemplatesPanel /> },
  { id: 'folders', element: () => <FoldersPanel /> },
  { id: 'kind', element: () => <KindPanel /> },
  { id: 'annotator', element: () => <AnnotatorPanel /> },
  { id: 'language', element: () => <LanguagePanel /> },
  { id: 'merge', element: () => <MergePanel /> },
  { id: 'team', element: () => <TeamPanel /> }
]

export function ProjectSettingsScreen(props: { tab?: string }): React.JSX.Element {
  const { t } = useTranslation(['settings', 'common'])
  const { project } = useApp()
  const [tab, setTab] = useState(props.tab ?? TABS[0]!.id)
  const current = TABS.find((t) => t.id === tab) ?? TABS[0]!
  return (
    <main className="screen settings" aria-labelledby="settings-title">
      <h1 id="settings-title">{t('title')}</h1>
      {project?.readOnly && <p className="warn">{t('readOnly')}</p>}
      <div role="tablist" aria-label={t('tabs')} className="tabs settings-tabs">
        {TABS.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`settings-tab-${tab.id}`}
            aria-selected={tab.id === current.id}
            aria-controls={`settings-panel-${tab.id}`}
            className={tab.id === current.id ? 'tab active' : 'tab'}
            onClick={() => setTab(tab.id)}
          >
            {t(`tab.${tab.id}`)}
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
