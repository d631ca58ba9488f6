// The channels that live in files of their own (app, tags, agreement, merge, adjudication, team,
// team setup, text encoder), as one schema map and one output map for the invoke map (invoke.ts) to take
// in whole.
import type { ProjectSummary } from './domain'
import { adjudicationSchemas, type AdjudicationOutputs } from './adjudication'
import { appSchemas, type AppOutputs } from './app-channels'
import { agreementSchemas, type AgreementOutputs } from './agreement'
import { mergeSchemas, type MergeOutputs } from './merge'
import { tagSchemas, type TagOutputs } from './tags'
import { teamSchemas, type TeamOutputs } from './team'
import { teamSetupSchemas, type TeamSetupOutputs } from './team-channels'
import { textEncoderSchemas, type TextEncoderOutputs } from './text-encoder'

export const moreSchemas = {
  ...appSchemas,
  ...tagSchemas,
  ...agreementSchemas,
  ...mergeSchemas,
  ...adjudicationSchemas,
  ...teamSchemas,
  ...teamSetupSchemas,
  ...textEncoderSchemas
} as const

export interface MoreOutputs
  extends
    AppOutputs,
    TagOutputs,
    AgreementOutputs,
    MergeOutputs,
    AdjudicationOutputs,
    TeamOutputs,
    TeamSetupOutputs,
    TextEncoderOutputs {
  'project.setKind': ProjectSummary
}
